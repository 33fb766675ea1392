package org.winsession.session;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.winsession.event.SecurityEvent;

/**
 * Which events and sessions a run keeps: one definition for {@code analyze}, {@code report} and
 * the modular input, so a filter means the same everywhere. Event codes and hosts are applied to
 * records before the engine sees them; logon types, account classes and users to the session
 * events it emits. A run applies it through a {@link Run}, which bounds each regular-expression
 * match by {@code max_filter_steps} and counts the matches it could not decide.
 *
 * @param includeEventCodes only these event codes (empty: all)
 * @param includeLogonTypes only sessions of these logon types (empty: all)
 * @param excludeAccountClasses leave out sessions of these account classes
 * @param excludeUsers leave out sessions whose user matches (case-insensitive), or null
 * @param includeHosts only hosts matching (case-insensitive), or null for all
 * @param excludeHosts leave out hosts matching (case-insensitive), or null
 */
public record SessionFilter(
    Set<Integer> includeEventCodes,
    Set<Integer> includeLogonTypes,
    Set<AccountClass> excludeAccountClasses,
    Pattern excludeUsers,
    Pattern includeHosts,
    Pattern excludeHosts) {

  /** Keeps everything. */
  public static final SessionFilter NONE = new SessionFilter(Set.of(), Set.of(),
      EnumSet.noneOf(AccountClass.class), null, null, null);

  /** The longest regular expression accepted. */
  public static final int MAX_REGEX = 1000;

  /** The filter settings, with their modular-input key and command-line option. */
  public enum Key {
    INCLUDE_EVENT_CODES, INCLUDE_LOGON_TYPES, EXCLUDE_ACCOUNT_CLASSES, EXCLUDE_USERS,
    INCLUDE_HOSTS, EXCLUDE_HOSTS;

    /** The inputs.conf name, e.g. {@code include_event_codes}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The command-line option, e.g. {@code --include-event-codes}. */
    public String option() {
      return "--" + key().replace('_', '-');
    }
  }

  /** Copies the sets. */
  public SessionFilter {
    includeEventCodes = Set.copyOf(includeEventCodes);
    includeLogonTypes = Set.copyOf(includeLogonTypes);
    excludeAccountClasses = excludeAccountClasses.isEmpty() ? EnumSet.noneOf(AccountClass.class)
        : EnumSet.copyOf(excludeAccountClasses);
  }

  /** How a refusal names a filter: as an inputs.conf setting or as a command-line option. */
  public enum Naming {
    /** "setting 'include_event_codes' = 'x'", as the modular input's validation says it. */
    SETTING,
    /** "--include-event-codes 'x'", as the command line says it. */
    OPTION
  }

  /**
   * Parses the filter settings as written in inputs.conf or on the command line (absent or empty:
   * no filter); a bad value is an {@link IllegalArgumentException} naming the setting or option
   * ({@code naming}), what was given and what is allowed.
   */
  public static SessionFilter parse(Map<Key, String> values, Naming naming) {
    try {
      return parse(values);
    } catch (Refused r) {
      throw new IllegalArgumentException((naming == Naming.SETTING
          ? "setting '" + r.key.key() + "' = '" : r.key.option() + " '") + r.value
          + "': expected " + r.expected);
    }
  }

  /** A refused value, before it is worded for its audience. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Key key;
    final String value;
    final String expected;

    Refused(Key key, String value, String expected) {
      super(null, null, false, false);
      this.key = key;
      this.value = value;
      this.expected = expected;
    }
  }

  private static SessionFilter parse(Map<Key, String> values) {
    Map<Key, String> v = new EnumMap<>(Key.class);
    values.forEach((k, s) -> v.put(k, s == null ? "" : s.strip()));
    return new SessionFilter(
        ints(Key.INCLUDE_EVENT_CODES, v.getOrDefault(Key.INCLUDE_EVENT_CODES, ""), 0, 65535),
        ints(Key.INCLUDE_LOGON_TYPES, v.getOrDefault(Key.INCLUDE_LOGON_TYPES, ""), 0, 13),
        classes(v.getOrDefault(Key.EXCLUDE_ACCOUNT_CLASSES, "")),
        regex(Key.EXCLUDE_USERS, v.getOrDefault(Key.EXCLUDE_USERS, "")),
        regex(Key.INCLUDE_HOSTS, v.getOrDefault(Key.INCLUDE_HOSTS, "")),
        regex(Key.EXCLUDE_HOSTS, v.getOrDefault(Key.EXCLUDE_HOSTS, "")));
  }

  /**
   * This filter applied in one run: each host or user match may read at most {@code maxSteps}
   * characters (the read limit {@code max_filter_steps}), and the matches not decided within it
   * are counted.
   *
   * @throws IllegalArgumentException when {@code maxSteps} is under 1
   */
  public Run run(long maxSteps) {
    return new Run(this, maxSteps);
  }

  /**
   * A {@link SessionFilter} applied in one run, with the count of the matches it could not decide.
   * The values matched are event fields, hostile and up to {@code max_field_chars} long, and a
   * pattern may backtrack on them for hours (e.g. {@code (.*a){4}b}) or recurse past the stack
   * (e.g. {@code (a|b)*c} on a long value). A match is therefore given up after {@code maxSteps}
   * characters read, over all its backtracking, or when it overflows the stack: it is
   * <em>undecided</em> and counts as not found, so an undecided include pattern leaves the host
   * out and an undecided exclude pattern keeps the host or session. Each undecided match is
   * counted ({@link #undecided()}, {@link #overflowed()}) and reported by the run: raising
   * {@code max_filter_steps} decides the first kind. Counting follows the records and session
   * events in their order, so the counts are the same for the same input, whatever the threads.
   * Not thread-safe.
   */
  public static final class Run {
    private final SessionFilter filter;
    private final long maxSteps;
    private long undecided;
    private long overflowed;

    private Run(SessionFilter filter, long maxSteps) {
      if (maxSteps < 1) {
        throw new IllegalArgumentException("max_filter_steps = " + maxSteps
            + ": expected at least 1");
      }
      this.filter = filter;
      this.maxSteps = maxSteps;
    }

    /** The characters one match may read before it is given up: {@code max_filter_steps}. */
    public long maxSteps() {
      return maxSteps;
    }

    /** The matches given up after {@link #maxSteps()} characters read, so far. */
    public long undecided() {
      return undecided;
    }

    /** The matches given up because they overflowed the stack, so far. */
    public long overflowed() {
      return overflowed;
    }

    /** Whether a record goes to the engine: its event code and its (normalized) host. */
    public boolean acceptsEvent(SecurityEvent e, String normalizedHost) {
      return (filter.includeEventCodes.isEmpty()
          || filter.includeEventCodes.contains(e.eventCode())) && acceptsHost(normalizedHost);
    }

    /**
     * Whether {@link #acceptsHost} looks at the host at all; when not, callers may pass null
     * instead of normalizing every record's host.
     */
    public boolean looksAtHosts() {
      return filter.looksAtHosts();
    }

    /** Whether a (normalized) host is kept; null only when {@link #looksAtHosts()} is false. */
    public boolean acceptsHost(String normalizedHost) {
      return (filter.includeHosts == null || finds(filter.includeHosts, normalizedHost))
          && (filter.excludeHosts == null || !finds(filter.excludeHosts, normalizedHost));
    }

    /** Whether a session event is written: its logon type, account class and user. */
    public boolean acceptsSession(SessionEvent e) {
      return (filter.includeLogonTypes.isEmpty()
          || filter.includeLogonTypes.contains(e.logonType()))
          && !filter.excludeAccountClasses.contains(e.accountClass())
          && (filter.excludeUsers == null || e.user() == null
              || !finds(filter.excludeUsers, e.user()));
    }

    /** A listener that passes on only the session events this filter accepts. */
    public SessionListener sessions(SessionListener to) {
      return filter.equals(NONE) ? to : e -> {
        if (acceptsSession(e)) {
          to.session(e);
        }
      };
    }

    /**
     * Whether {@code p} is found in {@code value} within {@link #maxSteps()} characters read and
     * the stack; an undecided match is counted and is not found.
     */
    boolean finds(Pattern p, String value) {
      try {
        return p.matcher(new Budgeted(value, maxSteps)).find();
      } catch (Budgeted.Exhausted e) {
        undecided++;
        return false;
      } catch (StackOverflowError e) {
        overflowed++;
        return false;
      }
    }
  }

  /**
   * Whether {@link Run#acceptsHost} looks at the host at all; when not, callers may pass null
   * instead of normalizing every record's host.
   */
  public boolean looksAtHosts() {
    return includeHosts != null || excludeHosts != null;
  }

  private static Set<Integer> ints(Key key, String value, int min, int max) {
    Set<Integer> out = new TreeSet<>();
    if (value.isEmpty()) {
      return out;
    }
    for (String part : value.split(",")) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n >= min && n <= max) {
          out.add(n);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, value, "numbers " + min + ".." + max + " separated by commas ('"
          + part.strip() + "' is not one)");
    }
    return out;
  }

  private static Set<AccountClass> classes(String value) {
    Set<AccountClass> out = EnumSet.noneOf(AccountClass.class);
    if (value.isEmpty()) {
      return out;
    }
    for (String part : value.split(",")) {
      try {
        out.add(AccountClass.valueOf(part.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw bad(Key.EXCLUDE_ACCOUNT_CLASSES, value, "user, machine, anonymous, virtual,"
            + " system or service, separated by commas ('" + part.strip() + "' is not one)");
      }
    }
    return out;
  }

  /** A value whose characters may be read a given number of times, no more. */
  private static final class Budgeted implements CharSequence {
    /** Thrown when the budget is spent; carries no stack trace. */
    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }

    private final String value;
    private long left;

    Budgeted(String value, long steps) {
      this.value = value;
      this.left = steps;
    }

    @Override
    public char charAt(int index) {
      if (--left < 0) {
        throw new Exhausted();
      }
      return value.charAt(index);
    }

    @Override
    public int length() {
      return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return value.subSequence(start, end);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  private static Pattern regex(Key key, String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > MAX_REGEX) {
      throw bad(key, value.substring(0, 40) + "...", "a regular expression of at most "
          + MAX_REGEX + " characters");
    }
    try {
      return Pattern.compile(value, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw bad(key, value, "a Java regular expression (" + e.getDescription() + " at index "
          + e.getIndex() + ")");
    }
  }

  private static Refused bad(Key key, String value, String expected) {
    return new Refused(key, value, expected);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionFilter f && includeEventCodes.equals(f.includeEventCodes)
        && includeLogonTypes.equals(f.includeLogonTypes)
        && excludeAccountClasses.equals(f.excludeAccountClasses)
        && same(excludeUsers, f.excludeUsers) && same(includeHosts, f.includeHosts)
        && same(excludeHosts, f.excludeHosts);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(includeEventCodes, includeLogonTypes, excludeAccountClasses,
        excludeUsers == null ? null : excludeUsers.pattern(),
        includeHosts == null ? null : includeHosts.pattern(),
        excludeHosts == null ? null : excludeHosts.pattern());
  }

  private static boolean same(Pattern a, Pattern b) {
    return a == null ? b == null : b != null && a.pattern().equals(b.pattern());
  }
}
