package org.winsession.cli;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which of the JVM's compilers this process's code gets, chosen from the size of the work ahead.
 *
 * <p>A JVM starts every run cold. Its optimizing compiler (C2) then spends seconds of CPU on the
 * readers' large methods, and a run over a few hundred megabytes ends before that pays back: on
 * one core, a 210 MB EVTX takes half the CPU with the quick compiler (C1) alone, 1 GB of event text
 * takes the same, and 2.7 GB takes 1.3 times more (BENCHMARKS.md, "Compiler choice"). Most of
 * C2's cost is in this code's large methods (the engine, the normalizer, the writers, the
 * readers' record loops), most of its return in the readers' small inner loops over bytes and in
 * the JDK's own methods. So a run whose inputs add up to less than {@link #QUICK_BELOW} bytes (the
 * system property {@value #THRESHOLD} sets another number) asks the JVM, through its compiler
 * directives, to keep C2 out ({@link Mode#QUICK}); a larger run, or one of unknown size (standard
 * input, a search), keeps C2 to those inner loops and the JDK ({@link Mode#FOCUSED}), which beats
 * both C1 alone and C2 everywhere from 1 GB to 2.7 GB of text and on a 944 MB EVTX, on one core
 * and on two (BENCHMARKS.md, "Focused compilation"). The modular input chooses so in interval
 * mode, from what its stanzas have not read yet; in long-running mode it keeps the JVM's tiered
 * choice, which pays back over hours. Inputs in a compressed container count
 * {@link #COMPRESSED_FACTOR} times their size, the usual ratio of event text.
 *
 * <p>The system property {@value #PROPERTY} ({@code auto}, {@code quick}, {@code focused} or
 * {@code full}) overrides the choice. The directive only changes speed, never output; a JVM that does not take it (another
 * vendor's, or the classes run without the jar's manifest, which opens the JDK's diagnostic
 * command to this code) keeps its own choice, silently.
 */
public final class CompilerChoice {
  /** Input bytes below which the quick compiler alone is chosen, unless {@link #THRESHOLD} says. */
  static final long QUICK_BELOW = 1_000_000_000L;
  /** How many times its size a compressed input counts. */
  static final int COMPRESSED_FACTOR = 10;
  /** The system property that overrides the choice: auto, quick, focused or full. */
  static final String PROPERTY = "winsession.compiler";
  /** The system property that sets the input bytes below which auto chooses C1 alone. */
  static final String THRESHOLD = "winsession.compiler.quick_below";

  /** Keeps every method out of C2: each stays with C1, without profiling once C2 is refused. */
  private static final String QUICK_DIRECTIVE = "[{match: \"*.*\", c2: {Exclude: true}}]";
  /**
   * Keeps this code's methods out of C2 but the readers' inner loops over bytes (the first
   * matching directive applies); the JDK's methods keep C2.
   */
  private static final String FOCUSED_DIRECTIVE = "[{match: ["
      + "\"org/winsession/read/xml/XmlEventParser.*\", "
      + "\"org/winsession/read/json/JsonLineScanner.*\", "
      + "\"org/winsession/read/frame/*.*\"], c2: {Exclude: false}}, "
      + "{match: \"org/winsession/*.*\", c2: {Exclude: true}}]";

  /** The compilers a run gets. */
  public enum Mode {
    /** C1 alone: cheapest for runs of a few seconds. */
    QUICK("C1 alone"),
    /** C2 for the readers' inner loops and the JDK only, C1 for the rest: longer runs. */
    FOCUSED("C2 for the readers' inner loops, C1 for the rest"),
    /** The JVM's tiered compilation, C1 then C2 everywhere: fastest once the run takes hours. */
    FULL("tiered (C1, C2)");

    private final String words;

    Mode(String words) {
      this.words = words;
    }

    /** The mode in words, for a log line. */
    public String words() {
      return words;
    }
  }

  private CompilerChoice() {}

  /**
   * The mode for a run over {@code inputBytes} bytes (negative: unknown) under the override
   * {@code property} (null or {@code auto}: chosen by size) and the threshold {@code quickBelow}
   * (null: {@link #QUICK_BELOW}), both as the system properties give them.
   *
   * @throws IllegalArgumentException when the override is none of auto, quick, focused and full,
   *     or the threshold no number of bytes from 0
   */
  static Mode choose(String property, String quickBelow, long inputBytes) {
    long threshold = threshold(quickBelow);
    String p = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    switch (p) {
      case "quick":
        return Mode.QUICK;
      case "focused":
        return Mode.FOCUSED;
      case "full":
        return Mode.FULL;
      case "auto":
        return inputBytes >= 0 && inputBytes < threshold ? Mode.QUICK : Mode.FOCUSED;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + UsageException.shown(property)
            + ": expected auto, quick, focused or full");
    }
  }

  private static long threshold(String quickBelow) {
    if (quickBelow == null) {
      return QUICK_BELOW;
    }
    String t = quickBelow.trim();
    if (!t.isEmpty() && t.length() <= 18 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(t);
    }
    throw new IllegalArgumentException("-D" + THRESHOLD + "=" + UsageException.shown(quickBelow)
        + ": expected a number of bytes from 0 to 999999999999999999 (default " + QUICK_BELOW
        + ")");
  }

  /** The bytes an input counts for: its size, times {@link #COMPRESSED_FACTOR} when compressed. */
  public static long weight(String name, long size) {
    if (size < 0) {
      return -1;
    }
    String n = name.toLowerCase(Locale.ROOT);
    boolean compressed = n.endsWith(".gz") || n.endsWith(".tgz") || n.endsWith(".zip");
    return compressed ? saturatedMultiply(size, COMPRESSED_FACTOR) : size;
  }

  /** The weights {@code a + b} of inputs: -1 (a size unknown) when either is, saturating. */
  public static long plus(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + Math.min(b, Long.MAX_VALUE - a);
  }

  private static long saturatedMultiply(long a, int b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /**
   * Checks the system properties of the choice before a run starts.
   *
   * @throws IllegalArgumentException when one is wrong (see {@link #choose})
   */
  static void checkOverride() {
    choose(System.getProperty(PROPERTY), System.getProperty(THRESHOLD), -1);
  }

  /**
   * Applies the choice for a run over {@code inputBytes} bytes, reading the override and the
   * threshold from the system properties; returns the mode the JVM now runs in.
   *
   * @throws IllegalArgumentException when a property is wrong (see {@link #choose})
   */
  public static Mode apply(long inputBytes) {
    Mode mode = choose(System.getProperty(PROPERTY), System.getProperty(THRESHOLD), inputBytes);
    switch (mode) {
      case QUICK:
        return directives(QUICK_DIRECTIVE, 1) ? Mode.QUICK : Mode.FULL;
      case FOCUSED:
        return directives(FOCUSED_DIRECTIVE, 2) ? Mode.FOCUSED : Mode.FULL;
      default:
        return Mode.FULL;
    }
  }

  /**
   * Adds {@code count} compiler directives; false when this JVM does not let them be added.
   */
  private static boolean directives(String directives, int count) {
    Path file = null;
    try {
      // Its class initializer loads the native library of the diagnostic commands.
      Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl");
      Class<?> impl = Class.forName("com.sun.management.internal.DiagnosticCommandImpl");
      Method instance = impl.getDeclaredMethod("getDiagnosticCommandMBean");
      Method execute = impl.getDeclaredMethod("executeDiagnosticCommand", String.class);
      instance.setAccessible(true);
      execute.setAccessible(true);
      file = Files.createTempFile("winsession-compiler", ".json");
      Files.writeString(file, directives, StandardCharsets.US_ASCII);
      Object said = execute.invoke(instance.invoke(null), "Compiler.directives_add " + file);
      return said instanceof String s && s.startsWith(count + " compiler directives added");
    } catch (ReflectiveOperationException | RuntimeException | IOException | LinkageError e) {
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file of a few hundred bytes: the system's cleaner takes it
        }
      }
    }
  }
}
