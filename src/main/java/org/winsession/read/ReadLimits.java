package org.winsession.read;

/**
 * Bounds that keep hostile input from exhausting memory or time; a record past any of them becomes
 * a rejected record naming the limit.
 *
 * @param maxRecordBytes the largest single event record, in bytes
 * @param maxDepth the deepest element nesting inside one event
 * @param maxFields the most data fields one event may carry
 */
public record ReadLimits(int maxRecordBytes, int maxDepth, int maxFields) {
  /** 1 MiB records, 64 levels, 1024 fields: far above any real Windows event. */
  public static final ReadLimits DEFAULT = new ReadLimits(1 << 20, 64, 1024);

  /** Validates the bounds. */
  public ReadLimits {
    if (maxRecordBytes < 1024 || maxDepth < 4 || maxFields < 16) {
      throw new IllegalArgumentException("read limits too small: " + maxRecordBytes + " bytes, depth "
          + maxDepth + ", " + maxFields + " fields; expected at least 1024, 4 and 16");
    }
  }
}
