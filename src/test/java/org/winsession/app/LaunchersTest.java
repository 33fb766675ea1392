package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Both launchers refuse a Java older than 17 with the same message, and find Java the same way
 * (the shell launcher runs in AppArchiveIT; Windows cmd cannot run here, so its text is held to the
 * shell launcher's).
 */
class LaunchersTest {
  private static final String NEEDS =
      "winsession needs Java 17 or later (customized.java.path, JAVA_HOME or PATH)";

  @Test
  void windowsLauncher_checksTheJavaVersionLikeTheShellLauncher() throws IOException {
    String sh = Files.readString(Path.of("splunk_app/linux_x86_64/bin/winsession.sh"));
    String cmd = Files.readString(Path.of("splunk_app/windows_x86_64/bin/winsession.cmd"));
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
}
