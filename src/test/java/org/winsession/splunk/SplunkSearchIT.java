package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode = splunk_search} against a splunkd played on loopback HTTPS: the documented
 * {@code search/jobs/export} JSON serving the bundled sample's raw events, as Splunk's
 * XmlWinEventLog would hold them.
 */
class SplunkSearchIT {
  private static final String KEY = "SECRETsessionKEY42";

  /** What splunkd answers to the SDK's version check before a search (an Atom feed). */
  private static final String SERVER_INFO = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:s=\"http://dev.splunk.com/ns/rest\">"
      + "<title>server-info</title><id>https://127.0.0.1/services/server/info</id>"
      + "<updated>2026-01-01T00:00:00+00:00</updated><entry><title>server-info</title>"
      + "<id>https://127.0.0.1/services/server/info/server-info</id>"
      + "<updated>2026-01-01T00:00:00+00:00</updated>"
      + "<link href=\"/services/server/info/server-info\" rel=\"alternate\"/>"
      + "<content type=\"text/xml\"><s:dict><s:key name=\"version\">9.1.1</s:key>"
      + "<s:key name=\"build\">64e843ea36b1</s:key><s:key name=\"serverName\">tiny</s:key>"
      + "</s:dict></content></entry></feed>";

  @TempDir
  Path dir;

  private HttpsServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String errorBody = "{\"messages\":[{\"type\":\"ERROR\"}]}";
  /** When set, the export stops after half its lines until {@link #release} opens. */
  private volatile java.util.concurrent.CountDownLatch halfSent;
  private final java.util.concurrent.CountDownLatch release =
      new java.util.concurrent.CountDownLatch(1);
  private String export;
  private List<String> rawLines;

  @BeforeEach
  void startSplunkd() throws Exception {
    Path ks = dir.resolve("splunkd.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "keytool").toString(), "-genkeypair", "-alias", "splunkd", "-keyalg", "RSA", "-keysize",
        "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);

    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(
        "/org/winsession/sample/sample-day.xml"))) {
      rawLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    StringBuilder sb = new StringBuilder();
    Pattern computer = Pattern.compile("<Computer>([^<]+)</Computer>");
    for (int i = 0; i < rawLines.size(); i++) {
      Matcher m = computer.matcher(rawLines.get(i));
      assertTrue(m.find());
      Map<String, Object> result = new TreeMap<>(Map.of("_raw", rawLines.get(i), "host", m.group(1),
          "sourcetype", "XmlWinEventLog", "source", "XmlWinEventLog:Security"));
      sb.append(new Gson().toJson(Map.of("preview", false, "offset", i, "result", result)))
          .append('\n');
    }
    sb.append("{\"preview\":false,\"lastrow\":true}\n");
    export = sb.toString();

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext("/", exchange -> {
      Map<String, String> request = new HashMap<>();
      request.put("path", exchange.getRequestURI().getPath());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      for (String kv : body.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          request.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      request.put("Authorization", exchange.getRequestHeaders().getFirst("Authorization"));
      request.put("method", exchange.getRequestMethod());
      boolean info = exchange.getRequestURI().getPath().endsWith("/server/info");
      if (!info) {
        requests.add(request);
      }
      String answer = info ? SERVER_INFO : status == 200 ? export
          : errorBody.replace("$AUTH", String.valueOf(request.get("Authorization")));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      java.util.concurrent.CountDownLatch half = halfSent;
      if (!info && status == 200 && half != null) {
        exchange.sendResponseHeaders(200, 0); // chunked: splunkd streams an export
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out, 0, out.length / 2);
          o.flush();
          half.countDown();
          release.await(60, TimeUnit.SECONDS);
          o.write(out, out.length / 2, out.length - out.length / 2);
        } catch (InterruptedException | IOException e) {
          // the client was killed: nothing to finish
        }
        return;
      }
      exchange.sendResponseHeaders(info ? 200 : status, out.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    });
    server.start();
  }

  @AfterEach
  void stopSplunkd() {
    server.stop(0);
  }

  record Result(int code, String out, String err) {}

  private Result run(String source, String extra, String checkpoints) throws Exception {
    String definition = "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:"
        + server.getAddress().getPort() + "</server_uri><session_key>" + KEY + "</session_key>"
        + "<checkpoint_dir>" + dir.resolve(checkpoints) + "</checkpoint_dir><configuration>"
        + "<stanza name=\"winsession://search\"><param name=\"interval\">300</param>"
        + "<param name=\"mode\">" + source + "</param>"
        + extra + "</stanza></configuration></input>";
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", jar.toString(), "modinput").redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(definition.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Session events of a stream, with the one field the source shape changes made equal. */
  private static Set<String> sessions(String stream) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("<sourcetype>winsession:session</sourcetype>.*?<data>(.*?)</data>",
        Pattern.DOTALL).matcher(stream);
    while (m.find()) {
      out.add(m.group(1).replace("\"source_format\":\"splunk\"", "\"source_format\":\"xml\""));
    }
    return out;
  }

  @Test
  void theSameEventsFromFilesOrFromSplunk_giveTheSameSessions() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.write(logs.resolve("sample.xml"), rawLines);
    Result fromFiles = run("files", "<param name=\"path\">" + logs + "</param>", "c1");
    Result fromSplunk = run("splunk_search", "<param name=\"start_time\">-7d</param>"
        + "<param name=\"lag\">30s</param>", "c2");
    assertEquals(0, fromSplunk.code(), fromSplunk.err());
    assertTrue(fromSplunk.err().startsWith("INFO "), fromSplunk.err());
    Set<String> expected = sessions(fromFiles.out());
    assertTrue(expected.size() > 100, "" + expected.size());
    assertEquals(expected, sessions(fromSplunk.out()));

    Map<String, String> first = requests.get(0);
    assertEquals("POST", first.get("method"));
    assertTrue(first.get("path").endsWith("/jobs/export"), first.get("path"));
    assertEquals("Splunk " + KEY, first.get("Authorization"));
    assertEquals("json", first.get("output_mode"));
    assertTrue(first.get("search").startsWith("search "), first.get("search"));
    long earliest = Long.parseLong(first.get("index_earliest"));
    long latest = Long.parseLong(first.get("index_latest"));
    long now = java.time.Instant.now().getEpochSecond();
    assertTrue(Math.abs(latest - (now - 30)) < 60, "index_latest holds back the lag");
    assertEquals(7 * 86_400, latest - earliest + 30, 60);
    assertEquals(earliest - 7 * 86_400, Long.parseLong(first.get("earliest_time")),
        "event time bounded by the index-time start minus max_lateness (default 7d)");

    // the next run continues where this one stopped: no gap, no overlap, nothing twice
    Result next = run("splunk_search", "<param name=\"lag\">30s</param>", "c2");
    assertEquals(0, next.code(), next.err());
    if (requests.size() > 1) { // a run within the same second has an empty window: no request
      assertEquals(first.get("index_latest"), requests.get(1).get("index_earliest"));
    }
    assertEquals(Set.of(), sessions(next.out()), "record ids already processed");
    assertTrue(fromSplunk.out().contains("\"lag_seconds\":30") && fromSplunk.out().contains(
        "\"indexed_until\":\""), "the health event says how far the input has read");
    for (Result r : List.of(fromSplunk, next)) {
      assertFalse(r.out().contains(KEY) || r.err().contains(KEY), "the session key is secret");
    }
    try (var files = Files.list(dir.resolve("c2"))) {
      for (Path f : files.toList()) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY));
      }
    }
  }

  @Test
  void failedSearch_isAnErrorLine_andTheWindowIsTriedAgain() throws Exception {
    assertEquals(0, run("splunk_search", "<param name=\"start_time\">-1h</param>", "c3").code());
    Thread.sleep(1100);
    status = 500;
    Result failed = run("splunk_search", "", "c3");
    assertEquals(1, failed.code(), "the window could not be read");
    assertTrue(failed.err().contains("ERROR winsession://search: search on https://127.0.0.1:")
        && failed.err().contains("the next run tries the same window"), failed.err());
    assertFalse(failed.err().contains(KEY), failed.err());
    assertTrue(failed.out().contains("\"error\":\"search on https://127.0.0.1:"),
        "the health event says what failed");
    status = 200;
    Thread.sleep(1100);
    Result retried = run("splunk_search", "", "c3");
    assertEquals(0, retried.code(), retried.err());
    assertEquals(3, requests.size());
    assertEquals(requests.get(0).get("index_latest"), requests.get(1).get("index_earliest"));
    assertEquals(requests.get(1).get("index_earliest"), requests.get(2).get("index_earliest"),
        "the failed window was not checkpointed: it is searched again");
  }

  @Test
  void splunkdEchoingTheRequest_isCutAndRedactedBeforeItReachesTheLog() throws Exception {
    status = 401;
    errorBody = "{\"messages\":[{\"type\":\"WARN\",\"text\":\"call not properly"
        + " authenticated: Authorization: $AUTH sessionKey=" + KEY + " session_key=" + KEY
        + " <sessionKey>" + KEY + "</sessionKey> " + "x".repeat(5000) + "\"}]}";
    Result r = run("splunk_search", "<param name=\"start_time\">-1h</param>", "c4");
    assertEquals(1, r.code());
    assertFalse(r.err().contains(KEY) || r.out().contains(KEY), r.err());
    assertFalse(r.err().contains("SECRETsession"), "no part of it either");
    String line = r.err().lines().filter(l -> l.startsWith("ERROR")).findFirst().orElseThrow();
    assertTrue(line.length() < 1000, "cut: " + line.length());
    assertTrue(line.startsWith("ERROR winsession://search: search on https://127.0.0.1:"), line);
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("ERROR")).count(), r.err());
  }

  @Test
  void killedInsideASearchWindow_theNextRunReadsTheWindowAgain_losingNothing() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.write(logs.resolve("sample.xml"), rawLines);
    Set<String> expected = sessions(run("files", "<param name=\"path\">" + logs + "</param>",
        "k0").out());
    halfSent = new java.util.concurrent.CountDownLatch(1);
    String definition = "<input><server_host>tiny</server_host><server_uri>https://127.0.0.1:"
        + server.getAddress().getPort() + "</server_uri><session_key>" + KEY + "</session_key>"
        + "<checkpoint_dir>" + dir.resolve("k1") + "</checkpoint_dir><configuration>"
        + "<stanza name=\"winsession://search\"><param name=\"interval\">300</param>"
        + "<param name=\"mode\">splunk_search</param>"
        + "<param name=\"start_time\">-7d</param></stanza></configuration></input>";
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    Path out = dir.resolve("killed.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", jar.toString(), "modinput").redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(definition.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(halfSent.await(60, TimeUnit.SECONDS), "the search started");
    Thread.sleep(500); // the first half is being read and its sessions written
    p.destroyForcibly(); // SIGKILL inside the search window
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    release.countDown();
    halfSent = null;
    assertFalse(Files.exists(dir.resolve("k1").resolve(
        org.winsession.state.CheckpointStore.fileName("winsession://search"))),
        "nothing was checkpointed");
    Set<String> seen = new TreeSet<>(sessions(Files.readString(out)));
    Result resumed = run("splunk_search", "<param name=\"start_time\">-7d</param>", "k1");
    assertEquals(0, resumed.code(), resumed.err());
    seen.addAll(sessions(resumed.out()));
    assertEquals(expected, seen, "the window was read again, whole, repeating only what was sent");
  }
}
