package org.winsession.sim;

import java.util.List;
import org.winsession.event.SecurityEvent;
import org.winsession.normalize.ModernPositions;

/**
 * One record a simulated host wrote to its Security log: what every renderer writes from, and
 * the normalized event it must read back as ({@link #truth}, fed straight to the engine as the
 * reference).
 *
 * @param machine index of the simulated machine (stable across renames)
 * @param nt5 written by a Windows 2003 host (positional insertion strings)
 * @param computer the Computer / ComputerName as written
 * @param recordId EventRecordID / RecordNumber
 * @param millis TimeCreated in UTC epoch milliseconds, as the host's (possibly stepped) clock wrote it
 * @param ticks the 100 ns ticks below the millisecond (0..9999), kept by XML and EVTX only
 * @param delivered when a collector receives the record: the host's true time, for interleaving
 * @param code the event id
 * @param version the event version (4624 is written as version 2)
 * @param data EventData values in template order (modern) or insertion strings %1.. (NT5)
 * @param truth the normalized event this record means
 */
record SimEvent(int machine, boolean nt5, String computer, long recordId, long millis, int ticks,
    long delivered, int code, int version, String[] data, SecurityEvent truth) {

  /** The EventData names of a modern event, in template order; empty for NT5 and data-less events. */
  List<String> names() {
    if (nt5 || data.length == 0) {
      return List.of();
    }
    List<String> n = ModernPositions.names(code, version, data.length);
    if (n == null || n.size() != data.length) {
      throw new IllegalStateException("no field names for " + code + " v" + version);
    }
    return n;
  }

  /** The value of a named modern field, or null. */
  String get(String name) {
    List<String> n = names();
    int i = n.indexOf(name);
    return i < 0 ? null : data[i];
  }

  /** The short lower-case host the engine keys this record by. */
  String hostKey() {
    return truth.host() == null ? null
        : org.winsession.session.HostNormalization.SHORT.apply(truth.host());
  }
}
