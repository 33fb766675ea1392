package org.winsession.read.evtx;

/**
 * A structure in an EVTX file that is not what the format allows: says which field, at which
 * chunk offset, what was found and what was expected. Thrown inside the reader and turned into a
 * rejected record (or a warning for chunk-level damage); never escapes {@link EvtxEventReader}.
 */
final class EvtxFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  EvtxFormatException(String message) {
    super(message, null, false, false);
  }

  static EvtxFormatException at(int offset, String what) {
    return new EvtxFormatException(what + " at chunk offset 0x" + Integer.toHexString(offset));
  }
}
