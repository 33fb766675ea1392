package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux launcher as splunkd runs it, in an app layout built from the package's files. */
class LauncherIT {
  @TempDir
  Path dir;

  private Path launcher;
  private Path tools;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void layOutTheApp() throws IOException {
    Path app = dir.resolve("winsession");
    Path bin = Files.createDirectories(app.resolve("linux_x86_64/bin"));
    Path jars = Files.createDirectories(app.resolve("jars"));
    launcher = bin.resolve("winsession.sh");
    Files.copy(Path.of("splunk_app/linux_x86_64/bin/winsession.sh"), launcher);
    Files.copy(Path.of("splunk_app/jars/winsession.vmopts"), jars.resolve("winsession.vmopts"));
    Files.copy(Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar")),
        jars.resolve("winsession.jar"));
    // a PATH with the shell tools the launcher uses and no java
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String t : new String[] {"dirname", "head", "tr", "sed", "grep"}) {
      Path real = Path.of("/usr/bin", t);
      Files.createSymbolicLink(tools.resolve(t), Files.exists(real) ? real : Path.of("/bin", t));
    }
  }

  private Result run(Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "/bin/sh";
    cmd[1] = launcher.toString();
    System.arraycopy(args, 0, cmd, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin").toString();
  }

  @Test
  void javaOnPath_runsTheJarWithSplunkdsArguments() throws Exception {
    Result r = run(Map.of("PATH", tools + ":" + javaBin()), "", "--scheme");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("<title>winsession</title>"), r.out());
  }

  @Test
  void javaHome_isUsedWhenPathHasNoJava() throws Exception {
    Result r = run(Map.of("PATH", tools.toString(), "JAVA_HOME",
        System.getProperty("java.home")), "", "--scheme");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void customizedJavaPath_comesFirst_andAnOldJavaIsRefused() throws Exception {
    Path fake = dir.resolve("old-java");
    Files.writeString(fake, "#!/bin/sh\necho 'java version \"1.8.0_292\"' >&2\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(launcher.resolveSibling("customized.java.path"), fake + "\n");
    Result r = run(Map.of("PATH", tools + ":" + javaBin()), "", "--scheme");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ERROR winsession: " + fake + " is Java 1; winsession needs"
        + " Java 17 or later"), r.err());
  }

  @Test
  void noJavaAnywhere_isAClearError() throws Exception {
    Result r = run(Map.of("PATH", tools.toString()), "", "--scheme");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ERROR winsession: no Java found"), r.err());
  }

  @Test
  void stdinReachesTheInput() throws Exception {
    String items = "<items><server_host>h</server_host><server_uri>https://127.0.0.1:8089"
        + "</server_uri><session_key>k</session_key><checkpoint_dir>/tmp</checkpoint_dir>"
        + "<item name=\"x\"><param name=\"mode\">mail</param></item></items>";
    Result r = run(Map.of("PATH", tools + ":" + javaBin()), items, "--validate-arguments");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("setting 'mode' = 'mail'"), r.out());
  }
}
