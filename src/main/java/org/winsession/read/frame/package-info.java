/**
 * The one reading layer under every text reader: {@link org.winsession.read.frame.TextFrame}
 * refills a bounded buffer by single reads, tracks byte offsets and line numbers, handles the BOM
 * and encoding (readers always see UTF-8), and frames lines within the line bound, or holds a
 * record start pinned within the record bound while more bytes arrive.
 */
package org.winsession.read.frame;
