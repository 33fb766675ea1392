package org.winsession.testing;

import java.util.ArrayList;
import java.util.List;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;

/** Keeps everything a reader reports, in order: events, rejected records and warnings. */
public final class CollectingSink implements EventSink {
  public final List<SecurityEvent> events = new ArrayList<>();
  public final List<RejectedRecord> rejected = new ArrayList<>();
  public final List<RejectedRecord> warnings = new ArrayList<>();

  @Override
  public void event(SecurityEvent event) {
    events.add(event);
  }

  @Override
  public void rejected(RejectedRecord record) {
    rejected.add(record);
  }

  @Override
  public void warning(RejectedRecord notice) {
    warnings.add(notice);
  }
}
