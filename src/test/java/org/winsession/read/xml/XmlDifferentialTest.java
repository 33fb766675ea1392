package org.winsession.read.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.winsession.event.RejectKind;
import org.winsession.event.RejectedRecord;
import org.winsession.event.SecurityEvent;

/**
 * The XML differential's findings, minimized, and its exemptions, each pinned by a small record.
 * Every finding test states the expected outcome and replays the record through the fuzz
 * target's own check ({@link XmlReaderFuzzer#check}: good neighbours delivered, verdict and fields
 * as StAX has them).
 */
class XmlDifferentialTest {
  private static final String NS = " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";
  private static final String SYSTEM = "<System><EventID>4634</EventID><TimeCreated SystemTime="
      + "'2026-03-02T08:00:00Z'/><EventRecordID>7</EventRecordID><Channel>Security</Channel>"
      + "<Computer>WS01</Computer></System>";

  /** The record {@code "<Event" + body}, read alone. */
  private static XmlReaderFuzzer.Reports alone(byte[] body) {
    byte[] rec = new byte[6 + body.length];
    System.arraycopy("<Event".getBytes(StandardCharsets.US_ASCII), 0, rec, 0, 6);
    System.arraycopy(body, 0, rec, 6, body.length);
    return XmlReaderFuzzer.read(rec);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void assertRejected(XmlReaderFuzzer.Reports r, RejectKind... kinds) {
    assertEquals(1, r.items.size(), r.toString());
    Object only = r.items.get(0);
    assertTrue(only instanceof RejectedRecord, "expected a rejection, got " + r);
    assertTrue(List.of(kinds).contains(((RejectedRecord) only).kind()), r.toString());
  }

  // ---- findings ------------------------------------------------------------------------------

  /**
   * Fuzz finding (18:47, 90 s of the xml target): bytes that are not UTF-8 inside an attribute or
   * element name were taken as name characters, so the record was accepted; StAX: "Invalid byte 1
   * of 1-byte UTF-8 sequence". A name is checked like text: malformed UTF-8 rejects the record.
   */
  @Test
  void malformedUtf8InAName_rejectsTheRecord() {
    byte[] body = latin1(NS + ">" + SYSTEM + "<EventData><Data Na\u0093\u0090='TargetLogonId'>"
        + "0x1</Data></EventData></Event>");
    assertFalse(StaxRecord.parse(latin1("<Event" + new String(body, StandardCharsets.ISO_8859_1)))
        .wellFormed());
    assertRejected(alone(body), RejectKind.ENCODING, RejectKind.SYNTAX);
    XmlReaderFuzzer.check(body);
  }

  /**
   * Fuzz finding (19:06, xml target, fuzz-xml-crash-68800a4f): an unterminated processing
   * instruction inside a record ({@code <Channel>Security<?/Channel>}) ran to the end of the input
   * as one "truncated record", so every later good record was lost. A bad record ends where the
   * next {@code <Event} starts.
   */
  @Test
  void unterminatedProcessingInstruction_costsOnlyItsRecord() {
    byte[] body = latin1(NS + ">" + SYSTEM.replace("<Channel>Security</Channel>",
        "<Channel>Security<?/Channel>") + "<EventData></EventData></Event>");
    XmlReaderFuzzer.check(body);
  }

  /** The same rule for the other unterminated constructs: comment, CDATA, attribute value. */
  @Test
  void unterminatedCommentOrCdata_costsOnlyItsRecord() {
    XmlReaderFuzzer.check(latin1(NS + ">" + SYSTEM + "<EventData><!-- x</EventData></Event>"));
    XmlReaderFuzzer.check(latin1(NS + ">" + SYSTEM + "<EventData><![CDATA[x</EventData></Event>"));
  }

  /**
   * Fuzz finding (19:07, xml target, fuzz-xml-crash-fd7bea9c): a carriage return inside a data
   * value was delivered as is; XML normalizes line ends (CR LF and a lone CR become LF, section
   * 2.11), as StAX does: {@code "x\ry"} is {@code "x\ny"}.
   */
  @Test
  void carriageReturnInAValue_isNormalizedToLineFeed() throws XmlSyntaxException {
    byte[] rec = latin1("<Event><EventData><Data Name='a'>x\ry\r\nz</Data></EventData></Event>");
    XmlEventParser parser = new XmlEventParser(XmlReaderFuzzer.LIMITS);
    assertEquals(rec.length, parser.parse(rec, 0, rec.length, true));
    assertEquals("x\ny\nz", parser.data("a"));
    assertEquals("x\ny\nz", StaxRecord.parse(rec).data("a"));
    XmlReaderFuzzer.check(Arrays.copyOfRange(rec, 6, rec.length));
  }

  /**
   * Fuzz finding (19:17, xml target, second run): an attribute given twice in one tag ({@code
   * <Provider Name='a' Guid='x' Guid='y'/>}) was accepted; XML forbids it (well-formedness
   * constraint "Unique Att Spec") and StAX refuses it. For {@code <Data Name='a' Name='b'>} it
   * would leave the field's name to chance. The record is rejected.
   */
  @Test
  void attributeGivenTwice_rejectsTheRecord() {
    byte[] body = latin1(NS + "><System><Provider Name='a' Guid='x' Guid='y'/>" + SYSTEM.substring(8)
        + "<EventData><Data Name='TargetLogonId' Name='LogonType'>0x1</Data></EventData></Event>");
    assertRejected(alone(body), RejectKind.SYNTAX);
    XmlReaderFuzzer.check(body);
  }

  /**
   * Fuzz finding (19:39, xml target after the framing layer, fuzz-xml-crash-af09767b): a record
   * with {@code <Data Name="">} made {@code data("")} throw {@code StringIndexOutOfBoundsException}
   * ({@code name.charAt(0)} on the empty name). No reader asks for the empty name today, but the
   * {@code EventFields} contract is a value or null for any name.
   */
  @Test
  void emptyDataName_isAFieldLikeAnyOther() throws XmlSyntaxException {
    byte[] rec = latin1("<Event><EventData><Data Name=''>x</Data></EventData></Event>");
    XmlEventParser parser = new XmlEventParser(XmlReaderFuzzer.LIMITS);
    assertEquals(rec.length, parser.parse(rec, 0, rec.length, true));
    assertEquals("x", parser.data(""));
    XmlReaderFuzzer.check(Arrays.copyOfRange(rec, 6, rec.length));
  }

  /**
   * Fuzz finding (20:00, xml target on the final merge, fuzz-xml-crash-9c5a4f4f): a record that is
   * one empty-element tag, {@code <Event xmlns='...'/>}, was reported neither as an event nor as
   * a rejection: it vanished, so records no longer equalled events plus rejected. StAX: well-formed
   * (an event with no fields); the record is a rejection of kind INVALID_EVENT.
   */
  @Test
  void emptyElementEvent_isRejectedNotLost() {
    XmlReaderFuzzer.Reports r = alone(latin1(NS + "/>"));
    assertRejected(r, RejectKind.INVALID_EVENT);
    XmlReaderFuzzer.check(latin1(NS + "/>"));
  }

  /**
   * Fuzz finding (20:00, xml target on the final merge): attribute values were taken as written;
   * XML normalizes them (a tab, CR, LF or CR LF becomes one space, section 3.3.3), as StAX does. A
   * {@code SystemTime} or a {@code Data Name} with a line break in it read differently from StAX.
   */
  @Test
  void whitespaceInAttributeValues_isNormalizedToSpaces() throws XmlSyntaxException {
    byte[] rec = latin1("<Event><System><TimeCreated SystemTime='a\tb\r\nc'/></System><EventData>"
        + "<Data Name='x\ny'>v</Data></EventData></Event>");
    XmlEventParser parser = new XmlEventParser(XmlReaderFuzzer.LIMITS);
    assertEquals(rec.length, parser.parse(rec, 0, rec.length, true));
    assertEquals("a b c", StaxRecord.parse(rec).timeCreated());
    assertEquals("a b c", parser.timeCreated());
    assertEquals("v", parser.data("x y"));
    XmlReaderFuzzer.check(Arrays.copyOfRange(rec, 6, rec.length));
  }

  /**
   * Fuzz finding (20:00, xml target on the final merge, fuzz-xml-crash-3d6e1976): an
   * {@code <Events} wrapper tag cut off before the next record ({@code <Events\n<Event ...>}) ran
   * on to the {@code >} of that record's start tag, so the record was lost. A tag ends at the
   * next {@code <} at the latest; the record after it is delivered.
   */
  @Test
  void unterminatedEventsTag_losesNoRecordAfterIt() {
    XmlReaderFuzzer.check(latin1("s\n"));
  }

  /**
   * Fuzz finding (20:23, xml target after the fixes above, fuzz-xml-crash-b2e7d3fb): whitespace
   * after a record's root element ({@code <Event .../>\n }, {@code </Event> }) is not part of the
   * record; the record ends at the root's end, where the parser ends it.
   */
  @Test
  void whitespaceAfterTheRoot_isNotPartOfTheRecord() {
    XmlReaderFuzzer.check(latin1(NS + "/>\n "));
    XmlReaderFuzzer.check(latin1(NS + ">" + SYSTEM + "</Event> \t\r\n"));
  }

  /**
   * Fuzz finding (20:27, xml target after the fixes above, fuzz-xml-crash-ed4efeda): a data field
   * whose name goes beyond ASCII ({@code <Data Name='Cli\u035a\u0320me'>}) was not found by that
   * name: its UTF-8 bytes were compared with the name's chars one for one.
   */
  @Test
  void nonAsciiDataName_findsItsField() throws XmlSyntaxException {
    byte[] rec = "<Event><EventData><Data Name='Cli\u035a\u0320me'>x</Data><Data Name='\u00e9'>y</Data>"
        .concat("</EventData><UserData><R><N\u00e4me>z</N\u00e4me></R></UserData></Event>")
        .getBytes(StandardCharsets.UTF_8);
    XmlEventParser parser = new XmlEventParser(XmlReaderFuzzer.LIMITS);
    assertEquals(rec.length, parser.parse(rec, 0, rec.length, true));
    assertEquals("x", parser.data("Cli\u035a\u0320me"));
    assertEquals("y", parser.data("\u00e9"));
    assertEquals("z", parser.data("N\u00e4me"));
    assertEquals("x", StaxRecord.parse(rec).data("Cli\u035a\u0320me"));
    XmlReaderFuzzer.check(Arrays.copyOfRange(rec, 6, rec.length));
  }

  /**
   * The "Unique Att Spec" check past the few attributes compared pairwise: a tag with a dozen
   * attributes, the last one a repeat of the first, is rejected too.
   */
  @Test
  void attributeGivenTwiceAmongMany_rejectsTheRecord() {
    StringBuilder attrs = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      attrs.append(" a").append(i).append("='").append(i).append("'");
    }
    byte[] body = latin1(NS + "><System><Provider" + attrs + " a0='x'/>" + SYSTEM.substring(8)
        + "</Event>");
    assertRejected(alone(body), RejectKind.SYNTAX);
    XmlReaderFuzzer.check(body);
    XmlReaderFuzzer.check(latin1(NS + "><System><Provider" + attrs + "/>" + SYSTEM.substring(8)
        + "</Event>"));
  }

  /**
   * Line ends and attribute whitespace are normalized only where written literally: a character
   * reference ({@code &#13;}, {@code &#9;}) stays the character it names, as in StAX; a CR LF
   * pair split by a CDATA section boundary is two line ends.
   */
  @Test
  void referencedWhitespace_isKeptAsIs() throws XmlSyntaxException {
    byte[] rec = latin1("<Event><System><TimeCreated SystemTime='a&#9;b&#13;&#10;c\r\nd'/>"
        + "</System><EventData><Data Name='x'>1&#13;2\r<![CDATA[\n3\r]]>\n</Data></EventData>"
        + "</Event>");
    XmlEventParser parser = new XmlEventParser(XmlReaderFuzzer.LIMITS);
    assertEquals(rec.length, parser.parse(rec, 0, rec.length, true));
    assertEquals("a\tb\r\nc d", StaxRecord.parse(rec).timeCreated());
    assertEquals("a\tb\r\nc d", parser.timeCreated());
    assertEquals("1\r2\n\n3\n\n", StaxRecord.parse(rec).data("x"));
    assertEquals("1\r2\n\n3\n\n", parser.data("x"));
    XmlReaderFuzzer.check(Arrays.copyOfRange(rec, 6, rec.length));
  }

  /** A {@code >} inside a quoted attribute value of the wrapper does not end its tag. */
  @Test
  void quotedGreaterThanInTheEventsTag_doesNotEndIt() {
    String doc = "<Events a='>' b=\">\">\n"
        + new String(XmlReaderFuzzer.GOOD.get(0), StandardCharsets.UTF_8) + "</Events>\n";
    XmlReaderFuzzer.Reports r = XmlReaderFuzzer.read(doc.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(XmlReaderFuzzer.GOOD_EVENTS.get(0)), r.items, r.toString());
  }

  // ---- names and namespaces (the JDK's parser runs namespace-aware) -------------------------

  /**
   * Asserts StAX's verdict on the record {@code "<Event" + body} and the reader's alone (accepted:
   * one event or an INVALID_EVENT rejection; refused: one SYNTAX or ENCODING rejection), then
   * replays it through the fuzz target's check.
   */
  private static void assertVerdict(String body, boolean wellFormed) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    StaxRecord stax = StaxRecord.parse(("<Event" + body).getBytes(StandardCharsets.UTF_8));
    assertEquals(wellFormed, stax.wellFormed(), "StAX on <Event" + body + ": " + stax.error);
    XmlReaderFuzzer.Reports r = alone(b);
    assertEquals(1, r.items.size(), r.toString());
    Object only = r.items.get(0);
    boolean accepted = only instanceof SecurityEvent
        || ((RejectedRecord) only).kind() == RejectKind.INVALID_EVENT;
    assertEquals(wellFormed, accepted, "reader on <Event" + body + ": " + r);
    if (!accepted) {
      assertTrue(List.of(RejectKind.SYNTAX, RejectKind.ENCODING)
          .contains(((RejectedRecord) only).kind()), r.toString());
    }
    XmlReaderFuzzer.check(b);
  }

  /**
   * Fuzz finding (xml target, namespace prefixes; BENCHMARKS open item): a name whose local part
   * is empty ({@code <Na:/>}, an attribute {@code Na:='1'}) was accepted; Namespaces in XML: a
   * QName is {@code prefix ':' NCName}, and StAX refuses it.
   */
  @Test
  void nameWithEmptyLocalPart_rejectsTheRecord() {
    assertVerdict(NS + "><Na:/></Event>", false);
    assertVerdict(NS + " Na:='1'/>", false);
    assertVerdict(NS + "><a::b xmlns:a='u'/></Event>", false);
  }

  /** A second prefix separator, or a local part not starting with a name-start character. */
  @Test
  void nameWithTwoPrefixesOrABadLocalStart_rejectsTheRecord() {
    assertVerdict(NS + "><a:b:c xmlns:a='u'/></Event>", false);
    assertVerdict(NS + " xmlns:x='u' x:y:z='1'/>", false);
    assertVerdict(NS + "><a:1b xmlns:a='u'/></Event>", false);
    assertVerdict(NS + "><a:\u00b7 xmlns:a='u'/></Event>", false);
    assertVerdict(NS + "><a:\u00e9 xmlns:a='u'/></Event>", true);
  }

  /** A leading ':' is part of the name, not a prefix separator (StAX reads {@code <:b/>}). */
  @Test
  void leadingColon_isNoPrefix() {
    assertVerdict(NS + "><:b/><:/></Event>", true);
    assertVerdict(NS + " :x='1'/>", true);
    assertVerdict(NS + "><:a:b/></Event>", false); // prefix ":a", which nothing can declare
  }

  /**
   * Fuzz finding (xml target, namespace prefixes): an element or attribute prefix no {@code
   * xmlns:p} declares was accepted. A declaration holds on its element (anywhere in its start tag)
   * and its descendants, and ends with the element.
   */
  @Test
  void undeclaredPrefix_rejectsTheRecord() {
    assertVerdict(NS + "><a:b/></Event>", false);
    assertVerdict(NS + " a:x='1'/>", false);
    assertVerdict(NS + "><a xmlns:p='u'><p:b/></a><p:c/></Event>", false);
    assertVerdict(NS + " a:x='1' xmlns:a='u'><a:b></a:b ></Event>", true);
    assertVerdict(NS + " xmlns:a='u'><b xmlns:a='v'><a:c/></b><a:d/></Event>", true);
  }

  /** {@code xml} is always declared and bound to its namespace only; {@code xmlns} never used. */
  @Test
  void xmlAndXmlnsPrefixRules() {
    assertVerdict(NS + " xml:lang='en'><xml:a/></Event>", true);
    assertVerdict(NS + " xmlns:xml='http://www.w3.org/XML/1998/namespace'/>", true);
    assertVerdict(NS + " xmlns:xml='u'/>", false);
    assertVerdict(NS + " xmlns:a='http://www.w3.org/XML/1998/namespace'/>", false);
    assertVerdict(NS + " xmlns:a='http://www.w3.org/XML/1998/namesp&#97;ce'/>", false);
    assertVerdict(" xmlns='http://www.w3.org/XML/1998/namespace'/>", false);
    assertVerdict(" xmlns='http://www.w3.org/2000/xmlns/'/>", false);
    assertVerdict(NS + " xmlns:a='http://www.w3.org/2000/xmlns/'/>", false);
    assertVerdict(NS + " xmlns:xmlns='u'/>", false);
    assertVerdict(NS + "><xmlns:a/></Event>", false);
    assertVerdict(NS + "><xmlns/></Event>", true);
  }

  /** Namespaces in XML 1.0 cannot undeclare a prefix: {@code xmlns:a=''} is refused. */
  @Test
  void prefixDeclaredEmpty_rejectsTheRecord() {
    assertVerdict(NS + " xmlns:a=''/>", false);
    assertVerdict(" xmlns=''/>", true);
    assertVerdict(NS + " xmlns:a='&#x20;'/>", true);
  }

  /**
   * Two attributes with the same local name in the same namespace ({@code a:x} and {@code b:x},
   * both prefixes bound to one name, after references and whitespace normalization) are one
   * attribute given twice; in different namespaces, or one of them unprefixed, they are not.
   */
  @Test
  void attributeRepeatedAfterPrefixResolution_rejectsTheRecord() {
    assertVerdict(NS + " xmlns:a='u' xmlns:b='u' a:x='1' b:x='2'/>", false);
    assertVerdict(NS + " xmlns:a='u&amp;' xmlns:b='u&#38;' a:x='1' b:x='2'/>", false);
    assertVerdict(NS + " xmlns:a='u\tv' xmlns:b='u v' a:x='1' b:x='2'/>", false);
    assertVerdict(NS + " xmlns:a='u v' xmlns:b='u&#x9;v' a:x='1' b:x='2'/>", true);
    assertVerdict(NS + " xmlns:a='u' xmlns:b='v' a:x='1' b:x='2'/>", true);
    assertVerdict(NS + "><x xmlns:a='u' y='1' a:y='2'/></Event>", true);
    StringBuilder many = new StringBuilder(NS + " xmlns:a='u' xmlns:b='u'");
    for (int i = 0; i < 12; i++) {
      many.append(" a:x").append(i).append("='").append(i).append("'");
    }
    assertVerdict(many + "/>", true);
    assertVerdict(many + " b:x11='z'/>", false);
  }

  /**
   * Names beyond ASCII are made of XML 1.0's name characters ({@link XmlNames}): U+00B7 may go
   * on a name but not start it, and no character above U+FFFF is in a name.
   */
  @Test
  void nameCharactersBeyondAscii_asXmlDefinesThem() {
    assertVerdict(NS + "><a\u00b7b/><\u00e4/></Event>", true);
    assertVerdict(NS + "><\u00b7b/></Event>", false);
    assertVerdict(NS + "><a\ud83d\ude42/></Event>", false);
    assertVerdict(NS + " \u3007='1'/>", true);
    assertVerdict(NS + " a\u2000='1'/>", false);
  }

  /** A processing instruction's target is a name, not {@code xml} in any case, then space. */
  @Test
  void processingInstructionTarget_isAName() {
    assertVerdict(NS + "><?a?><?a:b c?><?xmlx?></Event>", true);
    assertVerdict(NS + "><?XmL c?></Event>", false);
    assertVerdict(NS + "><? a?></Event>", false);
    assertVerdict(NS + "><?1a?></Event>", false);
    assertVerdict(NS + "><?a%?></Event>", false);
  }

  /**
   * Exemption 3: a root element not named {@code Event} as written is well-formed XML but no
   * event record: the reader rejects it (and reads on).
   */
  @Test
  void rootNotNamedEvent_isRejectedThoughWellFormed() {
    assertTrue(StaxRecord.parse(latin1("<EventX/>")).wellFormed());
    assertTrue(StaxRecord.parse(latin1("<Event:x xmlns:Event='u'/>")).wellFormed());
    assertRejected(alone(latin1("X/>")), RejectKind.SYNTAX);
    assertRejected(alone(latin1(":x xmlns:Event='u'/>")), RejectKind.SYNTAX);
    XmlReaderFuzzer.check(latin1("X/>"));
    XmlReaderFuzzer.check(latin1(":x xmlns:Event='u'/>"));
  }

  /**
   * Fuzz finding (21:54, xml target after the namespace rules, fuzz-xml-crash-29f41152): {@code ]]>}
   * in character data ({@code <Computer>WS]]>contoso</Computer>}) was accepted; XML 1.0 allows it
   * only to end a CDATA section, and StAX refuses it. In an attribute value it is allowed.
   */
  @Test
  void cdataEndInCharacterData_rejectsTheRecord() {
    assertVerdict(NS + ">" + SYSTEM.replace("WS01", "WS]]>01") + "</Event>", false);
    assertVerdict(NS + ">" + SYSTEM.replace("WS01", "WS]]]>01") + "</Event>", false);
    assertVerdict(NS + ">" + SYSTEM.replace("WS01", "WS]]01]>]") + "</Event>", true);
    assertVerdict(NS + " a=']]>'>" + SYSTEM + "<![CDATA[]]]]><![CDATA[>]]></Event>", true);
  }

  // ---- exemptions ----------------------------------------------------------------------------

  /**
   * Exemption 1: an {@code <Event>} start tag below the root is well-formed XML, but the reader
   * starts a new record there (it is how it finds its feet after a cut-off record): the outer
   * record is rejected as unterminated and the inner one read on its own.
   */
  @Test
  void nestedEventStartTag_startsANewRecord() {
    String inner = "<Event" + NS + ">" + SYSTEM + "<EventData><Data Name='TargetLogonId'>0x1F"
        + "</Data></EventData></Event>";
    String outer = "<Event" + NS + "><UserData>" + inner + "</UserData></Event>";
    StaxRecord stax = StaxRecord.parse(outer.getBytes(StandardCharsets.UTF_8));
    assertTrue(stax.wellFormed() && stax.nestedEvent);
    XmlReaderFuzzer.Reports r = XmlReaderFuzzer.read(outer.getBytes(StandardCharsets.UTF_8));
    assertEquals(RejectKind.TRUNCATED, ((RejectedRecord) r.items.get(0)).kind(), r.toString());
    assertEquals(0x1F, ((SecurityEvent) r.items.get(1)).logonId(), r.toString());
    XmlReaderFuzzer.check(outer.substring(6).getBytes(StandardCharsets.UTF_8));
  }

  /** Exemption 2: past maxDepth the record is rejected though StAX reads it. */
  @Test
  void deeperThanMaxDepth_rejectedThoughWellFormed() {
    int depth = XmlReaderFuzzer.LIMITS.maxDepth() + 1;
    String body = NS + ">" + "<a>".repeat(depth) + "</a>".repeat(depth) + "</Event>";
    assertTrue(StaxRecord.parse(latin1("<Event" + body)).wellFormed());
    assertRejected(alone(latin1(body)), RejectKind.LIMIT, RejectKind.SYNTAX);
    XmlReaderFuzzer.check(latin1(body));
  }

  // ---- the oracle ----------------------------------------------------------------------------

  /** StAX's view follows the extraction rules: last System value wins, text of descendants. */
  @Test
  void oracle_readsFieldsByTheProductsRules() {
    StaxRecord r = StaxRecord.parse(("<Event><System><EventID>1</EventID><EventID>4<!--x-->6<b>2"
        + "</b>4</EventID><TimeCreated SystemTime='t'/></System><EventData><Data Name='a'>x&amp;"
        + "<![CDATA[<y>]]></Data><Data>z</Data></EventData><UserData><U><V>v</V></U></UserData>"
        + "</Event>").getBytes(StandardCharsets.UTF_8));
    assertTrue(r.wellFormed(), r.error);
    assertEquals("4624", r.eventId());
    assertEquals("t", r.timeCreated());
    assertNull(r.computer());
    assertEquals("x&<y>", r.data("a"));
    assertEquals("z", r.data(2));
    assertEquals("v", r.data("V"));
    assertNull(r.data(4));
  }

  /** The oracle refuses what XML refuses: an undeclared entity, a DTD-less reference. */
  @Test
  void oracle_refusesUndeclaredEntities() {
    assertFalse(StaxRecord.parse("<Event>&foo;</Event>".getBytes(StandardCharsets.UTF_8))
        .wellFormed());
  }
}
