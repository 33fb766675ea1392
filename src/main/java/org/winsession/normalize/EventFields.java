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

  /**
   * What {@link #recordIdNumber()} and {@link #dataHexNumber(String)} return when the source does
   * not hold the value as a number: the caller then parses the text. A value equal to it is
   * parsed from its text too, to the same number.
   */
  long NOT_NUMERIC = Long.MIN_VALUE;

  /**
   * EventRecordID when the source holds it as a number that {@link #recordId()} would write as
   * a decimal within a signed long (EVTX UInt64), saving a text round trip; {@link #NOT_NUMERIC}
   * otherwise.
   */
  default long recordIdNumber() {
    return NOT_NUMERIC;
  }

  /** The log channel; null when missing. */
  String channel();

  /** Computer / ComputerName; null when missing. */
  String computer();

  /** The value of the data field with this name, or null. */
  String data(String name);

  /**
   * The data field with this name when the source holds it as a hexadecimal number that {@link
   * #data(String)} would write as {@code 0x...} (EVTX HexInt64 and HexInt32, as logon IDs are),
   * unsigned, saving a text round trip; {@link #NOT_NUMERIC} otherwise.
   */
  default long dataHexNumber(String name) {
    return NOT_NUMERIC;
  }

  /** The value of the 1-based positional data field, or null when there are fewer. */
  String data(int position);
}
