package org.winsession.read;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;
import org.winsession.read.evt.EvtEventReader;
import org.winsession.read.evtx.EvtxEventReader;

/**
 * Fuzz tests of the binary readers. In every build they replay their seeds (small real logs
 * copied from ../shared/data into {@code ReadersFuzzerInputs/} on the test classpath, plus any
 * saved findings); {@code JAZZER_FUZZ=1 mvn test -Dtest=ReadersFuzzer} fuzzes for the duration
 * below. A reader may only report bad input as rejected records: any exception, or a record
 * rejected because the decoder itself failed, is a finding.
 */
class ReadersFuzzer {
  @FuzzTest(maxDuration = "3m")
  void evtx(byte[] data) throws IOException {
    new EvtxEventReader().read(new ByteArrayInputStream(data), "fuzz", new Checked());
  }

  @FuzzTest(maxDuration = "3m")
  void evt(byte[] data) throws IOException {
    new EvtEventReader().read(new ByteArrayInputStream(data), "fuzz", new Checked());
  }

  /** Fails on a rejected record that says the decoder itself broke. */
  static final class Checked implements EventSink {
    @Override
    public void event(SecurityEvent event) {
      // any event is fine
    }

    @Override
    public void rejected(RejectedRecord record) {
      assertFalse(record.reason().contains("decoder failure"), record.reason());
    }
  }
}
