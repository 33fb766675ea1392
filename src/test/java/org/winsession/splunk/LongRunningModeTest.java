package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the input learns its mode and reads its definition: a stanza without {@code interval}
 * runs long; the definition is read up to the end of its document, so standard input may stay
 * open after it; the two settings of the long-running mode are checked like every other.
 */
class LongRunningModeTest {
  private static final String DEFINITION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<input>"
      + "<server_host>h</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
      + "<session_key>k</session_key><checkpoint_dir>/tmp/c</checkpoint_dir><configuration>"
      + "<stanza name=\"winsession://x\"><param name=\"path\">/d/\u00e9t\u00e9</param></stanza>"
      + "</configuration></input>";

  @Test
  void theModeIsLongRunning_exactlyWhenTheStanzaHasNoInterval() {
    assertTrue(WinsessionModularInput.longRunning(Map.of("path", "/x")));
    assertTrue(WinsessionModularInput.longRunning(Map.of("interval", " ")));
    assertFalse(WinsessionModularInput.longRunning(Map.of("interval", "300")));
    assertFalse(WinsessionModularInput.longRunning(Map.of("interval", "*/5 * * * *")));
    assertFalse(WinsessionModularInput.longRunning(Map.of("interval", "0")));
  }

  @Test
  void theDefinition_isReadToTheEndOfItsDocument_whileStdinStaysOpen() throws Exception {
    PipedOutputStream writer = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(writer, 1 << 16);
    byte[] def = DEFINITION.getBytes(StandardCharsets.UTF_8);
    writer.write(def);
    writer.write("\n".getBytes(StandardCharsets.UTF_8));
    writer.flush(); // and not closed
    CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
      try {
        return InputDocument.read(stdin);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertArrayEquals(def, read.get(30, TimeUnit.SECONDS));
    writer.close();
  }

  @Test
  void theDefinition_readFromAClosedStream_isTheSameBytes() throws Exception {
    byte[] def = DEFINITION.getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(def, InputDocument.read(new ByteArrayInputStream(
        (DEFINITION + "\n\n").getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void aDefinitionCutShort_orOverTheBound_isRefused() {
    assertThrows(Exception.class, () -> InputDocument.read(new ByteArrayInputStream(
        "<input><configuration>".getBytes(StandardCharsets.UTF_8))));
    assertThrows(Exception.class, () -> InputDocument.read(new ByteArrayInputStream(
        new byte[0])));
    InputStream endless = new InputStream() {
      private long n;

      @Override
      public int read() {
        return n++ == 0 ? '<' : n < 4 ? 'a' : n == 4 ? '>' : ' ';
      }
    };
    Exception e = assertThrows(Exception.class, () -> InputDocument.read(endless));
    assertTrue(e.getMessage().contains("larger than " + InputDocument.MAX_BYTES), e.getMessage());
  }

  @Test
  void pollAndCheckpointIntervals_haveDefaults_andAreChecked() {
    Map<String, String> p = new HashMap<>(Map.of("mode", "files", "path", "/x"));
    InputSettings s = InputSettings.parse(p);
    assertEquals(Duration.ofSeconds(30), s.pollInterval());
    assertEquals(Duration.ofSeconds(60), s.checkpointInterval());
    p.put("poll_interval", "500ms");
    p.put("checkpoint_interval", "5m");
    s = InputSettings.parse(p);
    assertEquals(Duration.ofMillis(500), s.pollInterval());
    assertEquals(Duration.ofMinutes(5), s.checkpointInterval());
    p.put("poll_interval", "10ms");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InputSettings.parse(p));
    assertEquals("setting 'poll_interval' = '10ms': expected a duration of at least 100ms, e.g."
        + " 30s or 2m", e.getMessage());
    p.put("poll_interval", "soon");
    e = assertThrows(IllegalArgumentException.class, () -> InputSettings.parse(p));
    assertTrue(e.getMessage().startsWith("setting 'poll_interval'"), e.getMessage());
    p.put("poll_interval", "30s");
    p.put("checkpoint_interval", "0s");
    e = assertThrows(IllegalArgumentException.class, () -> InputSettings.parse(p));
    assertTrue(e.getMessage().startsWith("setting 'checkpoint_interval' = '0s'"), e.getMessage());
  }

  @Test
  void stdinsEnd_soonAfterTheDefinition_isSplunkdsClose_laterItIsAStop() throws Exception {
    StopSignal withDefinition = new StopSignal();
    withDefinition.watchForEnd(new ByteArrayInputStream(new byte[0]), System.nanoTime());
    assertFalse(withDefinition.await(Duration.ofMillis(300)));
    StopSignal later = new StopSignal();
    later.watchForEnd(new ByteArrayInputStream(new byte[0]), System.nanoTime()
        - StopSignal.CLOSED_WITH_DEFINITION.toNanos() - 1);
    assertTrue(later.await(Duration.ofSeconds(30)));
    assertEquals("standard input closed", later.reason());
  }
}
