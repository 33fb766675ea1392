package org.winsession.normalize;

/**
 * One source record as a reader sees it, before normalization: the System values every shape has,
 * and the event's data values, readable by name (modern events) or by position (NT5 insertion
 * strings %1, %2, ... are positions 1, 2, ...).
 *
 * <p>Implementations are views over a reader's buffer and are valid only until the reader moves to
 * the next record. Values are returned as written (not trimmed); {@code null} means absent.
 */
public interface EventFields {
  /** The event id as written, e.g. {@code 4624}; null when missing. */
  String eventId();

  /** TimeCreated / TimeGenerated as written; null when missing. */
  String timeCreated();

  /**
   * TimeCreated in UTC epoch milliseconds when the source holds it as a number (EVTX FILETIME),
   * saving a text round trip; {@link Long#MIN_VALUE} otherwise, and then {@link #timeCreated()}
   * is parsed.
   */
  default long timeMillis() {
    return Long.MIN_VALUE;
  }

  /** EventRecordID / RecordNumber as written; null when missing. */
  String recordId();

  /** The log channel; null when missing. */
  String channel();

  /** Computer / ComputerName; null when missing. */
  String computer();

  /** The value of the data field with this name, or null. */
  String data(String name);

  /** The value of the 1-based positional data field, or null when there are fewer. */
  String data(int position);
}
