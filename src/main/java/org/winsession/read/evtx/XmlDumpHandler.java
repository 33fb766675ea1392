package org.winsession.read.evtx;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a record's decoded BinXML as event XML text, double-quoted and escaped like Windows'
 * renderer. Characters XML 1.0 cannot carry (control characters) are written as U+FFFD, so the
 * dump is always well-formed. One instance per record.
 */
final class XmlDumpHandler implements BinXml.Handler {
  private final StringBuilder out;
  private final Deque<String> open = new ArrayDeque<>();
  private boolean inAttribute;
  private boolean inStartTag;
  private String renderError;

  XmlDumpHandler(StringBuilder out) {
    this.out = out;
  }

  /** The first value that could not be rendered, or null. */
  String renderError() {
    return renderError;
  }

  @Override
  public void open(String name, int role) {
    endAttribute();
    if (inStartTag) {
      out.append('>');
    }
    out.append('<').append(name);
    open.push(name);
    inStartTag = true;
  }

  @Override
  public void attribute(String name, int role) {
    endAttribute();
    out.append(' ').append(name).append("=\"");
    inAttribute = true;
  }

  @Override
  public void text(String literal) {
    append(literal);
  }

  @Override
  public void value(byte[] chunk, int type, int offset, int size) {
    try {
      append(EvtxValues.render(chunk, type, offset, size));
    } catch (EvtxFormatException e) {
      if (renderError == null) {
        renderError = e.getMessage();
      }
    }
  }

  @Override
  public void closeStart() {
    endAttribute();
    out.append('>');
    inStartTag = false;
  }

  @Override
  public void closeEmpty() {
    endAttribute();
    out.append("/>");
    inStartTag = false;
    if (!open.isEmpty()) {
      open.pop();
    }
  }

  @Override
  public void close() {
    endAttribute();
    if (inStartTag) {
      out.append('>');
      inStartTag = false;
    }
    if (!open.isEmpty()) {
      out.append("</").append(open.pop()).append('>');
    }
  }

  private void endAttribute() {
    if (inAttribute) {
      out.append('"');
      inAttribute = false;
    }
  }

  private void append(String s) {
    if (s == null) {
      return;
    }
    if (inStartTag && !inAttribute) {
      out.append('>');
      inStartTag = false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append(inAttribute ? "&quot;" : "\""); break;
        default:
          out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
      }
    }
  }
}
