package org.winsession.read;

import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * Receives what a reader makes of each source record: exactly one call per record, either
 * {@link #event} or {@link #rejected}. Called on the reader's thread, in source order, except that
 * the events of an export (CSV, Event Viewer's text) come oldest first once it has been read
 * whole, after its rejected records ({@link ExportOrder}).
 */
public interface EventSink {
  /** A record that normalized to an event. */
  void event(SecurityEvent event);

  /** A record that could not be read or normalized. */
  void rejected(RejectedRecord record);

  /**
   * Damage that cost no record, e.g. a chunk checksum that does not match while every record in
   * the chunk checks out. Reported for the admin; counted apart from rejected records.
   */
  default void warning(RejectedRecord notice) {}
}
