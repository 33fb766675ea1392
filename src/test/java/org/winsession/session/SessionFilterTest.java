package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The filter's patterns meet hostile event values: bounded in time and stack. */
class SessionFilterTest {
  private static SessionFilter hosts(String include, String exclude) {
    return new SessionFilter(Set.of(), Set.of(), EnumSet.noneOf(AccountClass.class), null,
        include == null ? null : Pattern.compile(include, Pattern.CASE_INSENSITIVE),
        exclude == null ? null : Pattern.compile(exclude, Pattern.CASE_INSENSITIVE));
  }

  @Test
  void patterns_stillMatchAsWritten() {
    assertTrue(hosts("^dc", null).acceptsHost("DC01"));
    assertFalse(hosts("^dc", null).acceptsHost("ws01"));
    assertFalse(hosts(null, "01$").acceptsHost("ws01"));
    assertTrue(hosts(null, "01$").acceptsHost("ws02"));
  }

  /**
   * A long field value (within max_field_chars) under a pattern whose recursion overflows the
   * stack, or whose backtracking never ends: the match is given up as not found, the run goes on.
   */
  @Test
  void aPatternThatOverflowsOrBacktracksOnAHostileValue_isNotFound_neverTheEndOfTheRun() {
    String value = "a".repeat(50_000);
    assertFalse(hosts("(a|b)*c", null).acceptsHost(value), "stack overflow: not found");
    assertTrue(hosts(null, "(a|b)*c").acceptsHost(value), "not excluded either");
    assertFalse(hosts("(.*a){4}b", null).acceptsHost(value.substring(0, 5000) + "!"),
        "backtracking past the budget: not found");
    assertTrue(SessionFilter.finds(Pattern.compile("a{50000}"), value), "a long plain match");
  }
}
