package org.winsession.read.evtx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventReader;
import org.winsession.read.EventSink;

/**
 * Reads binary EVTX logs (Vista and later) straight into normalized events, streaming one 64 KiB
 * chunk at a time.
 *
 * <p>Robust by construction: the file header and each chunk header are checked (signature, CRC32),
 * and damage that costs no record is a {@linkplain EventSink#warning warning}. Records are framed by
 * their own signature, size and trailing size copy, so a chunk with a bad header or checksum still
 * delivers every record that checks out; a corrupt record becomes a rejected record and reading
 * resynchronizes at the next record signature. A truncated file gives every complete record before
 * the cut; dirty logs and chunks beyond the header's count are read. Time comes from
 * {@code TimeCreated}, never the record header's written time (zero in some real files).
 *
 * <p>Parallel: chunks are independent 64 KiB units, so with more than one thread each chunk is
 * decoded by a worker ({@link ChunkDecoder}, one per worker) while this thread reads ahead, and
 * the results are delivered in file order: the sink sees exactly the calls one thread makes, so
 * output is byte-identical whatever the thread count. At most {@code 4 x threads} chunks are in
 * flight. An instance is not thread-safe; its workers are daemon threads kept for its life.
 */
public final class EvtxEventReader implements EventReader {
  static final int FILE_HEADER = 4096;
  static final int CHUNK = 65536;
  private static final byte[] FILE_MAGIC = "ElfFile\0".getBytes(StandardCharsets.ISO_8859_1);

  private final int threads;
  private final ChunkDecoder decoder = new ChunkDecoder();
  private final byte[] chunk = new byte[CHUNK];
  private ExecutorService workers;
  private ThreadLocal<ChunkDecoder> workerDecoders;
  private String source;
  private EventSink sink;
  private java.io.Writer dump; // when set, records are written as XML instead of normalized

  /** A reader that decodes on the calling thread. */
  public EvtxEventReader() {
    this(1);
  }

  /**
   * A reader that decodes chunks on {@code threads} worker threads (1: on the calling thread).
   *
   * @throws IllegalArgumentException when {@code threads} is under 1
   */
  public EvtxEventReader(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ": expected at least 1");
    }
    this.threads = threads;
  }

  /**
   * Writes every record as event XML, in an {@code <Events>} document, for inspection; damage is
   * reported to {@code problems} exactly as {@link #read} reports it.
   */
  public void dump(InputStream in, String sourceName, java.io.Writer out, EventSink problems)
      throws IOException {
    dump = out;
    try {
      out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n");
      read(in, sourceName, problems);
      out.write("</Events>\n");
    } finally {
      dump = null;
    }
  }

  @Override
  public void read(InputStream in, String sourceName, EventSink eventSink) throws IOException {
    this.source = sourceName;
    this.sink = eventSink;
    byte[] header = in.readNBytes(FILE_HEADER);
    if (header.length < 128 || !ChunkDecoder.startsWith(header, 0, FILE_MAGIC)) {
      sink.rejected(new RejectedRecord(source, 0, -1, SecurityEvent.NO_RECORD_ID,
          RejectKind.CORRUPT, "EVTX file header of " + header.length + " bytes without the ElfFile signature:"
              + " expected a 4096-byte header", EvtxValues.hex(header, 0,
              Math.min(header.length, 64))));
      return;
    }
    checkFileHeader(header);
    if (threads > 1 && dump == null) {
      readParallel(in);
      return;
    }
    long offset = FILE_HEADER;
    for (int index = 0; ; index++) {
      int n = in.readNBytes(chunk, 0, CHUNK);
      if (n == 0) {
        return;
      }
      decoder.decode(chunk, index, offset, n, source, sink, dump);
      if (n < CHUNK) {
        return;
      }
      offset += CHUNK;
    }
  }

  private void readParallel(InputStream in) throws IOException {
    if (workers == null) {
      workers = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "evtx-chunk");
        t.setDaemon(true);
        return t;
      });
      workerDecoders = ThreadLocal.withInitial(ChunkDecoder::new);
    }
    ArrayDeque<Future<Recorded>> inFlight = new ArrayDeque<>();
    String name = source;
    long offset = FILE_HEADER;
    try {
      for (int index = 0; ; index++) {
        byte[] data = new byte[CHUNK];
        int n = in.readNBytes(data, 0, CHUNK);
        if (n == 0) {
          break;
        }
        int chunkIndex = index;
        long chunkOffset = offset;
        inFlight.add(workers.submit(() -> {
          Recorded r = new Recorded();
          workerDecoders.get().decode(data, chunkIndex, chunkOffset, n, name, r, null);
          return r;
        }));
        while (inFlight.size() >= 4 * threads) {
          await(inFlight.poll()).deliver(sink);
        }
        if (n < CHUNK) {
          break;
        }
        offset += CHUNK;
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.poll()).deliver(sink);
      }
    } finally {
      inFlight.forEach(f -> f.cancel(true));
    }
  }

  private static Recorded await(Future<Recorded> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while decoding EVTX chunks");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void checkFileHeader(byte[] h) {
    CRC32 crc = new CRC32();
    crc.update(h, 0, 120);
    int stored = Bytes.u32(h, 124);
    if ((int) crc.getValue() != stored) {
      warn(0, "file header CRC32 is " + ChunkDecoder.hex32(stored) + ", the header's bytes give "
          + ChunkDecoder.hex32((int) crc.getValue()) + "; chunks are read on their own checks");
    }
  }

  private void warn(long offset, String message) {
    sink.warning(new RejectedRecord(source, offset, -1, SecurityEvent.NO_RECORD_ID,
        RejectKind.CORRUPT, message, ""));
  }

  /** What one chunk's decoding reported, in order, for delivery in file order. */
  private static final class Recorded implements EventSink {
    private record Warning(RejectedRecord notice) {}

    private final java.util.ArrayList<Object> items = new java.util.ArrayList<>(256);

    @Override
    public void event(SecurityEvent event) {
      items.add(event);
    }

    @Override
    public void rejected(RejectedRecord record) {
      items.add(record);
    }

    @Override
    public void warning(RejectedRecord notice) {
      items.add(new Warning(notice));
    }

    void deliver(EventSink to) {
      for (Object o : items) {
        if (o instanceof SecurityEvent e) {
          to.event(e);
        } else if (o instanceof RejectedRecord r) {
          to.rejected(r);
        } else {
          to.warning(((Warning) o).notice());
        }
      }
    }
  }
}
