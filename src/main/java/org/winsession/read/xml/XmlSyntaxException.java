package org.winsession.read.xml;

import org.winsession.event.RejectKind;

/** An event record that is not well-formed XML, or breaks a read limit; offset is in the record. */
final class XmlSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, which decides where reading resumes. */
  enum Kind {
    /** Not well-formed: resume at the next {@code <Event}. */
    MALFORMED,
    /** Another {@code <Event} starts inside this one: resume exactly there. */
    NEXT_EVENT,
    /** Past the record-size limit: resume at the next {@code <Event}. */
    TOO_LARGE,
    /** The input ends inside the record. */
    TRUNCATED,
    /** Not an error: the buffer ends inside the record and more input may complete it. */
    NEED_MORE
  }

  /** The shared signal for {@link Kind#NEED_MORE}: carries no position or stack. */
  static final XmlSyntaxException NEED_MORE =
      new XmlSyntaxException(0, "need more input", Kind.NEED_MORE, RejectKind.TRUNCATED);

  final int offset;
  final Kind kind;
  /** How the record is reported when this ends it. */
  final RejectKind reject;

  XmlSyntaxException(int offset, String message) {
    this(offset, message, Kind.MALFORMED, RejectKind.SYNTAX);
  }

  XmlSyntaxException(int offset, String message, Kind kind, RejectKind reject) {
    super(message, null, false, false);
    this.offset = offset;
    this.kind = kind;
    this.reject = reject;
  }
}
