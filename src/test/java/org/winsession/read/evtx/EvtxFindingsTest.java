package org.winsession.read.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.winsession.event.SecurityEvent;

/**
 * Small synthetic EVTX files: the direct-element path of the decoder, and every finding of the
 * fuzzer as a regression test (the finding's own bytes are a mutated real log and stay out).
 */
class EvtxFindingsTest {
  private static byte[] logon(EvtxBuilder b, boolean extraClose) {
    EvtxBuilder.Tokens t = new EvtxBuilder.Tokens(b.nextOffset() + 24).fragmentHeader()
        .open("Event", false).closeStart()
        .open("System", false).closeStart()
        .element("EventID", "4624")
        .open("TimeCreated", true).attribute("SystemTime").text("2024-03-14T13:54:19.3628662Z")
        .closeEmpty()
        .element("EventRecordID", "7")
        .element("Computer", "WKS1")
        .close()
        .open("EventData", false).closeStart()
        .open("Data", true).attribute("Name").text("TargetLogonId").closeStart().text("0x615a44")
        .close()
        .close();
    if (extraClose) {
      t.close().close(); // found by the fuzzer: more closes than opens
    }
    return t.close().end().bytes();
  }

  @Test
  void recordWithDirectElements_isReadWithoutATemplate() throws IOException {
    EvtxBuilder b = new EvtxBuilder();
    b.record(logon(b, false));
    EvtxEventReaderTest.Result r = EvtxEventReaderTest.read(b.build());
    assertEquals(0, r.rejected().size(), r.rejected().toString());
    assertEquals(0, r.warnings().size(), r.warnings().toString());
    SecurityEvent e = r.events().get(0);
    assertEquals(4624, e.eventCode());
    assertEquals(0x615a44L, e.logonId());
    assertEquals("WKS1", e.host());
    assertEquals(7, e.recordId());
  }

  @Test
  void finding1_moreClosingTokensThanOpening_isARejectedRecordAndTheNextIsRead()
      throws IOException {
    EvtxBuilder b = new EvtxBuilder();
    b.record(logon(b, true));
    b.record(logon(b, false));
    EvtxEventReaderTest.Result r = EvtxEventReaderTest.read(b.build());
    assertEquals(1, r.events().size());
    assertEquals(1, r.rejected().size());
    assertTrue(r.rejected().get(0).reason().contains("closes an element that was never opened"),
        r.rejected().get(0).reason());
  }
}
