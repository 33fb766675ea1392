package org.winsession.read;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one input shape from a byte stream into normalized events. Bad records never stop a read:
 * each becomes a {@link org.winsession.event.RejectedRecord} and reading resumes at the next record.
 *
 * <p>A reader instance is not thread-safe; use one per thread.
 */
public interface EventReader {
  /**
   * Reads every record of {@code in} (which the caller closes) and reports each to {@code sink}.
   *
   * @param source the name rejected records carry, e.g. the file name
   * @throws IOException only when the stream itself fails; records already delivered stay delivered
   */
  void read(InputStream in, String source, EventSink sink) throws IOException;
}
