package org.winsession.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.cli.Main;

/**
 * {@code winsession report} as an analyst runs it: one self-contained page whose sections read
 * without JavaScript, whose numbers are the run's, and where hostile values are text. (The page
 * as a browser shows it is checked by src/ci/report.sh in headless Chromium.)
 */
class ReportTest {
  private static final String[] SECTIONS = {"summary", "timeline", "leaks", "interactive",
      "users", "sources", "rejected"};

  @TempDir
  Path dir;

  private String report(String... args) throws Exception {
    Path out = dir.resolve("r.html");
    String[] full = new String[args.length + 3];
    full[0] = "report";
    full[1] = "-o";
    full[2] = out.toString();
    System.arraycopy(args, 0, full, 3, args.length);
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run(full), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static JsonObject data(String html) {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"winsession-data\">(.*?)"
        + "</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "the data element");
    return JsonParser.parseString(m.group(1)).getAsJsonObject();
  }

  @Test
  void sample_everySectionAndTheRunsNumbers() throws Exception {
    String html = report("--sample");
    for (String s : SECTIONS) {
      assertTrue(html.contains("<section id=\"" + s + "\">"), s);
    }
    assertTrue(html.contains("default-src 'none'"), "a policy that forbids every request");
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(),
        "nothing loaded from elsewhere");
    assertTrue(html.contains("269 (269 events, 0 rejected"), "the record count of the sample");
    JsonObject data = data(html);
    assertEquals(4, data.getAsJsonArray("hosts").size());
    JsonArray sessions = data.getAsJsonArray("sessions");
    long leaked = 0;
    for (JsonElement e : sessions) {
      JsonObject s = e.getAsJsonObject();
      assertEquals(s.get("st").getAsString(), s.getAsJsonObject("f").get("status").getAsString());
      leaked += s.get("leak").getAsBoolean() ? 1 : 0;
    }
    assertEquals(3, leaked, "three of the sample's four leaks are still leaked at the end");
    int leaks = html.indexOf("<section id=\"leaks\">");
    String section = html.substring(leaks, html.indexOf("</section>", leaks));
    assertEquals(4, count(section, "<tr>") - 1, "the leaks section lists all four");
    assertTrue(section.contains("logoff came late"), "and says which one closed late");
    assertTrue(html.contains("4</div><div class=\"l\">leaks"), "and the summary says four");
  }

  @Test
  void hostileValues_areTextEverywhere() throws Exception {
    Path in = dir.resolve("hostile.xml");
    Files.copy(ReportTest.class.getResourceAsStream("hostile.xml"), in);
    String html = report(in.toString());
    // three script elements (data, chart library, report) and no fourth opened by a value
    assertEquals(3, count(html, "<script"), "no injected script element");
    assertEquals(3, count(html, "</script>"));
    assertFalse(html.contains("<img src=x"), "the user name is not markup");
    assertFalse(html.contains("<svg"), "the failed user name is not markup");
    assertFalse(html.contains("<b>evil"), "the workstation is not markup");
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the user name as text");
    assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    JsonObject data = data(html);
    JsonObject leak = null;
    for (JsonElement e : data.getAsJsonArray("sessions")) {
      if (e.getAsJsonObject().get("leak").getAsBoolean()) {
        leak = e.getAsJsonObject();
      }
    }
    assertEquals("<img src=x onerror=alert(1)>", leak.get("u").getAsString(),
        "the value survives, escaped only for its context");
    JsonArray records = leak.getAsJsonArray("r");
    assertEquals(2, records.size(), "the logon and the user logoff: " + records);
    assertEquals(2, records.get(0).getAsJsonArray().get(2).getAsLong());
    assertEquals(3, records.get(1).getAsJsonArray().get(2).getAsLong());
    assertTrue(html.contains("0xc000006d/0xc000006a: 1"), "the failed logon's status codes");
    assertTrue(html.contains("has no TimeCreated"), "the rejected record's reason");
  }

  @Test
  void leakEvidence_namesTheHostEventPastTheDeadline() throws Exception {
    Path in = dir.resolve("hostile.xml");
    Files.copy(ReportTest.class.getResourceAsStream("hostile.xml"), in);
    String html = report("--logoff-grace", "5m", in.toString());
    // user logoff 06:10, grace 5m: the leak is proven by the host's next event, bob's logon 06:20
    int leaks = html.indexOf("<section id=\"leaks\">");
    String section = html.substring(leaks, html.indexOf("</section>", leaks));
    assertTrue(section.contains("2026-03-02 06:10:00Z"), "the user logoff");
    assertTrue(section.contains("2026-03-02 06:20:00Z"), "the host event past the deadline");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
