package org.winsession.read.xml;

/** An event record that is not well-formed XML, or breaks a read limit; offset is in the record. */
final class XmlSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  final int offset;

  XmlSyntaxException(int offset, String message) {
    super(message, null, false, false);
    this.offset = offset;
  }
}
