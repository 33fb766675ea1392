package org.winsession.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.winsession.testing.CollectingSink;
import org.winsession.testing.Samples;

/**
 * Run in a child JVM with a small heap by {@link HugeLineTest}: reads a generated stream (never
 * a file) of a good record, one line of {@code args[1]} bytes, and a good record, in the shape
 * {@code args[0]} ({@code json}, {@code csv} or {@code text}), through {@link Inputs}; prints what
 * came out.
 */
public final class HugeLineMain {
  private HugeLineMain() {}

  /** Bytes: a head, then {@code fill} repeated to {@code length}, then a tail. */
  static InputStream generated(String head, byte fill, long length, String tail) {
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    long total = h.length + length + t.length;
    return new InputStream() {
      private long at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - at);
        for (int i = 0; i < n; i++, at++) {
          b[off + i] = at < h.length ? h[(int) at] : at < h.length + length ? fill
              : t[(int) (at - h.length - length)];
        }
        return n;
      }
    };
  }

  public static void main(String[] args) throws IOException {
    long size = Long.parseLong(args[1]);
    String json = "{\"EventID\":4634,\"Hostname\":\"H\",\"Channel\":\"Security\",\"@timestamp\":"
        + "\"2024-01-01T00:00:00Z\",\"TargetLogonId\":\"0x10\"}\n";
    String logoff = "\"An account was logged off.\r\n\r\nSubject:\r\n\tLogon ID:\t\t0x10\r\n\"";
    String csvRow = "Audit Success,3/2/2026 8:05:0%d AM,Microsoft-Windows-Security-Auditing,4634,"
        + "Logoff," + logoff + "\r\n";
    InputStream in;
    switch (args[0]) {
      case "json":
        in = generated(json + "{\"EventID\":4634,\"Pad\":\"", (byte) 'x', size, "\"}\n" + json);
        break;
      case "csv":
        in = generated("Keywords,Date and Time,Source,Event ID,Task Category\r\n"
            + String.format(csvRow, 3) + "Audit Success,3/2/2026 8:05:02 AM,x,4634,Logoff,\"",
            (byte) 'y', size, "\"\r\n" + String.format(csvRow, 1));
        break;
      default:
        in = generated(Samples.CLASSIC_4634 + Samples.CLASSIC_4634.replace("RecordNumber=6170175",
            "RecordNumber=2").replace("Message=An account", "Message=" + "An account"), (byte) 'z',
            0, "");
        in = new java.io.SequenceInputStream(in, generated("", (byte) 'z', size, "\r\n"
            + Samples.CLASSIC_4634.replace("6170175", "3")));
        break;
    }
    CollectingSink sink = new CollectingSink();
    new Inputs(ReadLimits.DEFAULT).read(in, "generated", sink);
    System.out.println("events=" + sink.events.size() + " rejected=" + sink.rejected.size()
        + " kinds=" + sink.rejected.stream().map(r -> r.kind().name()).toList()
        + " reasons=" + sink.rejected.stream().map(r -> r.reason()).toList()
        + " maxMemoryMiB=" + (Runtime.getRuntime().maxMemory() >> 20));
  }
}
