package org.winsession.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.winsession.read.ReadLimits;

/**
 * The filter's patterns meet hostile event values: bounded in time and stack by
 * {@code max_filter_steps}, every match given up counted.
 */
class SessionFilterTest {
  private static final long DEFAULT_STEPS =
      ReadLimits.DEFAULT.get(ReadLimits.Limit.MAX_FILTER_STEPS);

  private static SessionFilter hosts(String include, String exclude) {
    return new SessionFilter(Set.of(), Set.of(), EnumSet.noneOf(AccountClass.class), null,
        include == null ? null : Pattern.compile(include, Pattern.CASE_INSENSITIVE),
        exclude == null ? null : Pattern.compile(exclude, Pattern.CASE_INSENSITIVE));
  }

  private static SessionFilter.Run run(String include, String exclude) {
    return hosts(include, exclude).run(DEFAULT_STEPS);
  }

  @Test
  void patterns_stillMatchAsWritten_andADecidedMatchIsNeverCounted() {
    SessionFilter.Run dc = run("^dc", null);
    assertTrue(dc.acceptsHost("DC01"));
    assertFalse(dc.acceptsHost("ws01"));
    SessionFilter.Run not01 = run(null, "01$");
    assertFalse(not01.acceptsHost("ws01"));
    assertTrue(not01.acceptsHost("ws02"));
    SessionFilter.Run plain = run("a{50000}", null);
    assertTrue(plain.acceptsHost("a".repeat(50_000)), "a long plain match");
    for (SessionFilter.Run r : new SessionFilter.Run[] {dc, not01, plain}) {
      assertEquals(0, r.undecided());
      assertEquals(0, r.overflowed());
    }
  }

  /**
   * A long field value (within max_field_chars) under a pattern whose recursion overflows the
   * stack, or whose backtracking never ends: the match is given up as not found and counted, the
   * run goes on.
   */
  @Test
  void aPatternThatOverflowsOrBacktracksOnAHostileValue_isNotFound_andCounted() {
    String value = "a".repeat(50_000);
    SessionFilter.Run include = run("(a|b)*c", null);
    assertFalse(include.acceptsHost(value), "stack overflow: not found");
    assertEquals(1, include.overflowed());
    SessionFilter.Run exclude = run(null, "(a|b)*c");
    assertTrue(exclude.acceptsHost(value), "not excluded either");
    assertEquals(1, exclude.overflowed());
    SessionFilter.Run endless = run("(.*a){4}b", null);
    assertFalse(endless.acceptsHost(value.substring(0, 5000) + "!"),
        "backtracking past the budget: not found");
    assertEquals(1, endless.undecided());
    assertEquals(0, endless.overflowed());
  }

  /**
   * {@code .*b} on 5,000 characters without a b reads about 12.5 million characters: past the
   * default bound it is undecided (counted, not found), within a raised bound it is decided, and
   * a bound of a few characters leaves even a short host undecided.
   */
  @Test
  void theBoundIsTheSetting_undecidedPastIt_decidedWithinIt() {
    String value = "a".repeat(5000);
    SessionFilter quadratic = hosts(".*b", null);
    SessionFilter.Run atDefault = quadratic.run(DEFAULT_STEPS);
    assertFalse(atDefault.acceptsHost(value));
    assertFalse(atDefault.acceptsHost(value + "c"));
    assertEquals(2, atDefault.undecided());
    SessionFilter.Run raised = quadratic.run(100_000_000);
    assertFalse(raised.acceptsHost(value));
    assertTrue(raised.acceptsHost(value + "b"));
    assertEquals(0, raised.undecided());
    SessionFilter.Run excluding = hosts(null, ".*b").run(DEFAULT_STEPS);
    assertTrue(excluding.acceptsHost(value + "c"), "undecided: not excluded");
    assertFalse(excluding.acceptsHost(value + "b"), "decided at once: excluded");
    assertEquals(1, excluding.undecided());
    SessionFilter.Run tiny = hosts("^dc\\d+$", null).run(3);
    assertFalse(tiny.acceptsHost("dc01"));
    assertEquals(1, tiny.undecided());
    assertTrue(hosts("^dc\\d+$", null).run(4).acceptsHost("dc01"));
    assertThrows(IllegalArgumentException.class, () -> quadratic.run(0));
  }
}
