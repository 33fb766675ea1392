package org.winsession.event;

import java.util.Objects;

/**
 * A source record that could not become a {@link SecurityEvent} (SESSIONS.md §6): where it was,
 * why it was refused, and up to {@link #MAX_RAW_CHARS} of what it held.
 *
 * @param source the file name or stream label it came from
 * @param byteOffset offset of the record's first byte in the (decompressed) source, or -1
 * @param line 1-based line of the record's first byte, or -1 when the source has no lines
 * @param recordId the record id when it could be read, or {@link SecurityEvent#NO_RECORD_ID}
 * @param kind what kind of fault it was, for grouping
 * @param reason what was wrong: what was found and what was expected, at most
 *     {@link #MAX_REASON_CHARS} characters
 * @param raw the start of the record, at most {@link #MAX_RAW_CHARS} characters
 */
public record RejectedRecord(
    String source, long byteOffset, long line, long recordId, RejectKind kind, String reason,
    String raw) {

  /** How much of a bad record is kept (4 KiB). */
  public static final int MAX_RAW_CHARS = 4096;

  /** How long a reason may be (300 characters); a longer one is cut and ends in an ellipsis. */
  public static final int MAX_REASON_CHARS = 300;

  /** Validates and caps the raw excerpt. */
  public RejectedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    reason = reason.length() > MAX_REASON_CHARS
        ? reason.substring(0, MAX_REASON_CHARS - 1) + "\u2026" : reason;
    raw = raw == null ? "" : raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
  }

  /** "file.xml line 12 (byte 3456)": the position in words, for messages. */
  public String where() {
    StringBuilder sb = new StringBuilder(source);
    if (line >= 0) {
      sb.append(" line ").append(line);
    }
    if (byteOffset >= 0) {
      sb.append(line >= 0 ? " (byte " : " byte ").append(byteOffset).append(line >= 0 ? ")" : "");
    }
    if (recordId != SecurityEvent.NO_RECORD_ID) {
      sb.append(" record ").append(recordId);
    }
    return sb.toString();
  }
}
