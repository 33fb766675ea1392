package org.winsession.splunk;

import com.splunk.HttpService;
import com.splunk.Service;
import com.splunk.ServiceArgs;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw Windows events already in Splunk, exported by index time through the SDK's {@link Service}
 * with the input definition's {@code server_uri} and {@code session_key}: Splunk's
 * {@code search/jobs/export} with {@code output_mode=json} gives one {@code {"result":{...}}} line
 * an event, which the JSON reader reads (its {@code _raw} as event XML or classic text, Splunk's
 * {@code host} as the host). The session key is sent as the token and appears nowhere else.
 */
final class SplunkSearch {
  private SplunkSearch() {}

  /** Events indexed in {@code [indexEarliest, indexLatest)}, epoch seconds. */
  static InputStream export(String serverUri, String sessionKey, String search,
      long indexEarliest, long indexLatest) {
    URI uri = URI.create(serverUri);
    ServiceArgs args = new ServiceArgs();
    args.setScheme(uri.getScheme());
    args.setHost(uri.getHost());
    args.setPort(uri.getPort() < 0 ? 8089 : uri.getPort());
    args.setToken("Splunk " + sessionKey);
    // splunkd's own certificate is self-signed by default: trust it only on this machine
    HttpService.setValidateCertificates(!isLoopback(uri.getHost()));
    Service service = new Service(args);
    Map<String, Object> params = new HashMap<>();
    params.put("output_mode", "json");
    params.put("index_earliest", indexEarliest);
    params.put("index_latest", indexLatest);
    return service.export(search.startsWith("search ") || search.startsWith("|") ? search
        : "search " + search, params);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
