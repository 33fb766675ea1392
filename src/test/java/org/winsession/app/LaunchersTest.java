package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both launchers refuse a Java older than 17 with the same message, find Java the same way, read
 * its version without starting it, and start the jar from the app's folder as the class-data
 * sharing archive names it (the shell launcher runs in LauncherIT and AppArchiveIT; Windows cmd
 * cannot run here, so its text is held to the shell launcher's).
 */
class LaunchersTest {
  private static final String NEEDS =
      "winsession needs Java 17 or later (customized.java.path, JAVA_HOME or PATH)";

  private static String sh() throws IOException {
    return Files.readString(Path.of("splunk_app/linux_x86_64/bin/winsession.sh"));
  }

  private static String cmd() throws IOException {
    return Files.readString(Path.of("splunk_app/windows_x86_64/bin/winsession.cmd"));
  }

  @Test
  void windowsLauncher_checksTheJavaVersionLikeTheShellLauncher() throws IOException {
    String sh = sh();
    String cmd = cmd();
    assertTrue(sh.contains(NEEDS) && sh.contains("-lt 17"), "shell launcher");
    assertTrue(cmd.contains(NEEDS.replace("(", "^(").replace(")", "^)")), "cmd: same message");
    assertTrue(cmd.contains("if %JMAJOR% LSS 17 ("), "cmd: the same bound");
    assertTrue(cmd.contains("-version 2^>^&1 ^| findstr /i version"), "cmd: reads java -version");
    assertTrue(cmd.contains("if \"%%A\"==\"1\" (set \"JMAJOR=%%B\")"), "cmd: 1.8 is Java 8");
    assertTrue(cmd.indexOf("LSS 17") < cmd.indexOf("-jar"), "cmd: checks before starting");
    for (String where : new String[] {"customized.java.path", "JAVA_HOME", "PATH"}) {
      assertTrue(sh.contains(where) && cmd.contains(where), where);
    }
  }

  @Test
  void bothLaunchers_readTheVersionFromTheReleaseFileBeforeStartingJava() throws IOException {
    String sh = sh();
    String cmd = cmd();
    assertTrue(sh.contains("release=") && sh.contains("JAVA_VERSION="), "sh reads release");
    assertTrue(sh.indexOf("JAVA_VERSION=") < sh.indexOf("-version 2>&1"),
        "sh: java -version only when the release file says nothing");
    assertTrue(sh.contains("if [ -z \"$jver\" ]; then\n  jver=$(\"$java\" -version"),
        "sh: java -version only without a version from the release file");
    assertTrue(cmd.contains("\"!JBIN!..\\release\"") && cmd.contains("\"%%A\"==\"JAVA_VERSION\""),
        "cmd reads release");
    assertTrue(cmd.contains("if not defined JVER for /f \"tokens=3\" %%V in ('\"\"!JAVA!\" -version"),
        "cmd: java -version only without a version from the release file");
  }

  @Test
  void bothLaunchers_startTheJarFromTheAppFolder_asTheArchiveNamesIt() throws IOException {
    String sh = sh();
    String cmd = cmd();
    assertTrue(sh.contains("cd \"$app\" || exit 1"), "sh: cd to the app");
    assertTrue(sh.contains("exec \"$java\" $cds $opts -jar jars/winsession.jar modinput \"$@\""),
        "sh");
    assertTrue(sh.contains("set -f"), "sh: -Xlog:cds*=off is not a file pattern");
    assertTrue(cmd.contains("cd /d \"%APP%\" || exit /b 1"), "cmd: cd to the app");
    assertTrue(cmd.contains("\"%JAVA%\" -Xrs %CDS% %OPTS% -jar jars/winsession.jar modinput %*"),
        "cmd");
    assertTrue(sh.indexOf("cd \"$app\"") > sh.indexOf("-lt 17"), "sh: paths settled first");
  }

  @Test
  void windowsLauncher_endsOnCtrlBreakInsteadOfWritingAThreadDumpIntoTheStream() throws IOException {
    // splunkd stops a Windows input with Ctrl+Break; without -Xrs Java prints a thread dump on
    // stdout (the event stream) and keeps running.
    String java = cmd().lines().filter(l -> l.startsWith("\"%JAVA%\"")).findFirst().orElseThrow();
    assertTrue(java.startsWith("\"%JAVA%\" -Xrs "), java);
  }

  @Test
  void bothLaunchers_useTheArchiveSilently_onlyAtItsSize() throws IOException {
    String opts = "-XX:SharedArchiveFile=jars/winsession.jsa -Xshare:auto -Xlog:cds*=off";
    String sh = sh();
    String cmd = cmd();
    assertTrue(sh.contains("cds=\"" + opts + "\""), "sh");
    assertTrue(cmd.contains("set \"CDS=" + opts + "\""), "cmd");
    assertTrue(sh.contains("jars/winsession.jsa.size") && cmd.contains("jars\\winsession.jsa.size"),
        "both compare the archive with its recorded size");
    assertTrue(cmd.contains("if \"%%~zF\"==\"!JSAWANT!\""), "cmd: the size of the file");
    List<String> vmopts = Files.readAllLines(Path.of("splunk_app/jars/winsession.vmopts"));
    assertFalse(vmopts.stream().anyMatch(o -> o.contains("ArchiveClassesAtExit")
        || o.contains("SharedArchiveFile")), "the launchers alone decide on the archive");
  }
}
