package org.winsession.emit;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * Renders a {@link RejectedRecord} as one JSON object (sourcetype {@code winsession:rejected}):
 * {@code source}, {@code byte_offset}, {@code line}, {@code record_id} (when known), {@code kind} (a
 * {@link org.winsession.event.RejectKind} name in lower case), {@code reason}
 * and {@code raw} (at most 4 KiB of the record, HTML-escaped like every value). Stateless.
 */
public final class RejectedJson {
  private RejectedJson() {}

  /** The JSON object of one rejected record, without a trailing newline. */
  public static String toJson(RejectedRecord r) {
    StringWriter sw = new StringWriter(256 + r.raw().length());
    try {
      JsonWriter w = new JsonWriter(SafeText.escapingNoncharacters(sw));
      w.setHtmlSafe(true);
      w.beginObject();
      w.name("source").value(SafeText.wellFormed(r.source()));
      if (r.byteOffset() >= 0) {
        w.name("byte_offset").value(r.byteOffset());
      }
      if (r.line() >= 0) {
        w.name("line").value(r.line());
      }
      if (r.recordId() != SecurityEvent.NO_RECORD_ID) {
        w.name("record_id").value(r.recordId());
      }
      w.name("kind").value(r.kind().name().toLowerCase(java.util.Locale.ROOT));
      w.name("reason").value(SafeText.wellFormed(r.reason()));
      w.name("raw").value(SafeText.wellFormed(r.raw()));
      w.endObject();
      w.flush();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return sw.toString();
  }
}
