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
import java.util.regex.Pattern;

/**
 * Raw Windows events already in Splunk, exported by index time through the SDK's {@link Service}
 * with the input definition's {@code server_uri} and {@code session_key}: Splunk's
 * {@code search/jobs/export} with {@code output_mode=json} gives one {@code {"result":{...}}} line
 * an event, which the JSON reader reads (its {@code _raw} as event XML or classic text, Splunk's
 * {@code host} as the host). The session key is sent as the token and appears nowhere else:
 * whatever splunkd answers is {@link #relayed cut and redacted} before it reaches a log or event.
 */
final class SplunkSearch {
  /** The most of splunkd's words passed on. */
  static final int MAX_RELAYED = 500;

  /** {@code sessionKey=...}, {@code "session_key": "..."}, {@code <sessionKey>...}, tokens. */
  private static final Pattern SECRET_FIELD = Pattern.compile("(?i)((?:session_?key|sessionid"
      + "|authorization|auth_?token|x-splunk-token|token|password|passwd|secret)\\W{0,3}"
      + "(?:\\s*[:=>]\\s*|\\s+)[\"']?)(?:(?:splunk|bearer|basic)\\s+)?[^\\s\"'<>&,;}\\]]+");
  /** {@code Splunk <token>} / {@code Bearer <token>} anywhere. */
  private static final Pattern SCHEME_TOKEN = Pattern.compile(
      "(?i)\\b(splunk|bearer|basic)\\s+[A-Za-z0-9^_.+/=~:-]{12,}");

  private SplunkSearch() {}

  /**
   * Text from splunkd (an error, a response body) fit for a log line or an event: the session key
   * and anything shaped like a credential ({@code sessionKey=}, {@code session_key},
   * {@code Authorization: Splunk ...}, {@code <sessionKey>}) replaced by {@code <redacted>}, then
   * cut to {@value #MAX_RELAYED} characters.
   */
  static String relayed(String text, String sessionKey) {
    if (text == null) {
      return "";
    }
    String t = text;
    if (sessionKey != null && sessionKey.length() >= 4) {
      t = t.replace(sessionKey, "<redacted>");
    }
    t = SECRET_FIELD.matcher(t).replaceAll("$1<redacted>");
    t = SCHEME_TOKEN.matcher(t).replaceAll("$1 <redacted>");
    return t.length() <= MAX_RELAYED ? t
        : t.substring(0, MAX_RELAYED) + "... (" + (t.length() - MAX_RELAYED) + " more characters)";
  }

  /**
   * Events indexed in {@code [indexEarliest, indexLatest)}, epoch seconds, whose own time is no
   * earlier than {@code eventEarliest}: without a bound on event time Splunk scans every bucket of
   * all time on each run.
   */
  static InputStream export(String serverUri, String sessionKey, String search,
      long indexEarliest, long indexLatest, long eventEarliest) {
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
    params.put("earliest_time", eventEarliest);
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
