package org.winsession.testing;

import java.util.ArrayList;
import java.util.List;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.EventSink;

/**
 * Keeps everything a reader reports: events, rejected records and warnings, each kind apart, and
 * every call in order as text ({@code E }, {@code R } or {@code W } and the value) for comparing
 * two runs call by call.
 */
public final class CollectingSink implements EventSink {
  public final List<SecurityEvent> events = new ArrayList<>();
  public final List<RejectedRecord> rejected = new ArrayList<>();
  public final List<RejectedRecord> warnings = new ArrayList<>();
  public final List<String> calls = new ArrayList<>();

  @Override
  public void event(SecurityEvent event) {
    events.add(event);
    calls.add("E " + event);
  }

  @Override
  public void rejected(RejectedRecord record) {
    rejected.add(record);
    calls.add("R " + record);
  }

  @Override
  public void warning(RejectedRecord notice) {
    warnings.add(notice);
    calls.add("W " + notice);
  }
}
