package org.winsession.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.winsession.cli.CompilerChoice.Mode;

/** The rule that picks the JVM's compilers from the size of a run's inputs. */
class CompilerChoiceTest {
  @Test
  void auto_choosesTheQuickCompilerBelowTheThreshold_andFocusedC2FromIt() {
    assertEquals(Mode.QUICK, CompilerChoice.choose(null, null, 0));
    assertEquals(Mode.QUICK, CompilerChoice.choose("auto", null, CompilerChoice.QUICK_BELOW - 1));
    assertEquals(Mode.FOCUSED, CompilerChoice.choose("auto", null, CompilerChoice.QUICK_BELOW));
    assertEquals(Mode.FOCUSED, CompilerChoice.choose(null, null, -1), "unknown size");
  }

  @Test
  void override_winsOverTheSize() {
    assertEquals(Mode.FULL, CompilerChoice.choose("full", null, 1));
    assertEquals(Mode.FOCUSED, CompilerChoice.choose("FOCUSED", null, 1));
    assertEquals(Mode.QUICK, CompilerChoice.choose(" Quick ", null, Long.MAX_VALUE));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompilerChoice.choose("fast", null, 1));
    assertEquals("-Dwinsession.compiler=fast: expected auto, quick, focused or full",
        e.getMessage());
  }

  @Test
  void threshold_isSettableInBytes() {
    assertEquals(Mode.QUICK, CompilerChoice.choose(null, "5000", 4999));
    assertEquals(Mode.FOCUSED, CompilerChoice.choose(null, " 5000 ", 5000));
    assertEquals(Mode.FOCUSED, CompilerChoice.choose(null, "0", 0), "0: never C1 alone");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompilerChoice.choose(null, "1g", 1));
    assertEquals("-Dwinsession.compiler.quick_below=1g: expected a number of bytes from 0 to"
        + " 999999999999999999 (default 1000000000)", e.getMessage());
  }

  @Test
  void weight_countsCompressedInputsTenTimes() {
    assertEquals(100, CompilerChoice.weight("Security.evtx", 100));
    assertEquals(1000, CompilerChoice.weight("logs.TAR.GZ", 100));
    assertEquals(1000, CompilerChoice.weight("logs.zip", 100));
    assertEquals(-1, CompilerChoice.weight("big.gz", -1));
    assertEquals(Long.MAX_VALUE, CompilerChoice.weight("huge.gz", Long.MAX_VALUE / 2));
  }

  @Test
  void directives_withoutTheJarsManifestAreRefusedQuietly() {
    // The test JVM runs the classes without the jar's Add-Opens, so the JDK keeps its diagnostic
    // command closed and the JVM's own choice stands (CompilerChoiceIT runs the jar).
    boolean opened = ModuleLayer.boot().findModule("jdk.management").orElseThrow()
        .isOpen("com.sun.management.internal", CompilerChoiceTest.class.getModule());
    assertEquals(opened ? Mode.QUICK : Mode.FULL, CompilerChoice.apply(0),
        "C1 alone only where the directive is taken");
    assertEquals(opened ? Mode.FOCUSED : Mode.FULL, CompilerChoice.apply(-1),
        "refused, the JVM's own choice stands");
  }
}
