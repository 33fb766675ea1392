package org.winsession.event;

/**
 * Why a record was refused, as a kind that reports can group by; the {@link RejectedRecord#reason}
 * gives the detail.
 */
public enum RejectKind {
  /** Not well-formed in its syntax: XML, JSON, CSV quoting, a text block's layout. */
  SYNTAX,
  /** Bytes that are not valid in the input's encoding, or characters its syntax forbids. */
  ENCODING,
  /** The input ends inside the record. */
  TRUNCATED,
  /** A read limit was passed ({@link org.winsession.read.ReadLimits}); the reason names it. */
  LIMIT,
  /** Markup refused for safety: a document type declaration, an undeclared entity. */
  REFUSED_MARKUP,
  /** Well-formed, but not a usable event: a field missing or not of the expected form. */
  INVALID_EVENT,
  /** Damage to a binary log's structure (EVTX, EVT): a bad size, signature or checksum. */
  CORRUPT,
  /** A container (gzip, zip, tar) damaged, cut off or past a container limit. */
  CONTAINER,
  /** An input of no shape this version reads. */
  UNRECOGNIZED_INPUT
}
