package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** What reaches splunkd.log: credentials redacted, text cut, exceptions described in one line. */
class RelayAndLogTest {
  private static final String KEY = "a1B2c3D4e5F6g7H8i9J0";

  @Test
  void relayed_redactsTheKeyAndAnythingShapedLikeACredential() {
    String[] echoes = {
        "Authorization: Splunk " + KEY,
        "authorization=Splunk%20" + KEY.substring(3),
        "sessionKey=" + KEY.substring(1),
        "\"session_key\": \"" + KEY.substring(2) + "\"",
        "<sessionKey>" + KEY.substring(4) + "</sessionKey>",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig",
        "password=hunter22 token=abcdef0123456789"};
    for (String echo : echoes) {
      String out = SplunkSearch.relayed("HTTP 401 -- " + echo + " end", "unrelatedKEY");
      assertTrue(out.contains("<redacted>"), echo + " -> " + out);
      assertFalse(out.contains(KEY.substring(4, 14)) || out.contains("hunter22")
          || out.contains("eyJhbGci") || out.contains("abcdef0123"), echo + " -> " + out);
      assertTrue(out.startsWith("HTTP 401 -- "), out);
    }
    assertEquals("HTTP 500 -- x <redacted> y", SplunkSearch.relayed("HTTP 500 -- x " + KEY
        + " y", KEY), "the key itself, wherever it stands");
    assertEquals("HTTP 404 -- no such endpoint", SplunkSearch.relayed(
        "HTTP 404 -- no such endpoint", KEY), "plain words pass");
  }

  @Test
  void relayed_isCut() {
    String out = SplunkSearch.relayed("y".repeat(10_000), KEY);
    assertEquals(SplunkSearch.MAX_RELAYED, out.indexOf("... (9500 more characters)"));
  }

  @Test
  void describe_namesTypeMessageAndCauses_orWhereWithoutAMessage() {
    assertEquals("UncheckedIOException: disk gone (caused by IOException: No space left on"
        + " device)", RunLog.describe(new UncheckedIOException("disk gone",
            new IOException("No space left on device"))));
    assertEquals("IOException: No space left on device", RunLog.describe(
        new UncheckedIOException(new IOException("No space left on device"))).replaceFirst(
            "^UncheckedIOException: java.io.", ""));
    String npe = RunLog.describe(new NullPointerException());
    assertTrue(npe.startsWith("NullPointerException at org.winsession.splunk.RelayAndLogTest."
        + "describe_"), npe);
  }

  @Test
  void logLines_areOneLineWithALevelWord() {
    StringWriter sw = new StringWriter();
    RunLog log = new RunLog(new PrintWriter(sw));
    log.error("stanza: cannot read /x\n\tat Foo.bar(Foo.java:1)\r\n\u0000" + "z".repeat(5000));
    log.warn("w");
    String[] lines = sw.toString().split("\\R");
    assertEquals(2, lines.length, sw.toString());
    assertTrue(lines[0].startsWith("ERROR stanza: cannot read /x\\n at Foo.bar"), lines[0]);
    assertTrue(lines[0].length() < RunLog.MAX_LINE + 50);
    assertEquals("WARN w", lines[1]);
    assertEquals(1, log.errors());
  }
}
