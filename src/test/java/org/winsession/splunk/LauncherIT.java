package org.winsession.splunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.winsession.testing.Samples;

/**
 * The Linux launcher as splunkd runs it, in an app layout built from the package's files: how it
 * finds Java and tells its version, and that it uses the class-data sharing archive made at
 * package time when it fits, and runs without a word about it when it does not.
 */
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
    // the jar keeps its modification time, as the app's tar does: the archive checks it
    Files.copy(Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar")),
        jars.resolve("winsession.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    // a PATH with the shell tools the launcher uses and no java
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String t : new String[] {"dirname", "head", "tr", "sed", "grep", "readlink", "wc"}) {
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
    // no release file beside it: the launcher asks the program itself
    Path fake = Files.createDirectories(dir.resolve("old/bin")).resolve("java");
    Files.writeString(fake, "#!/bin/sh\necho 'java version \"1.8.0_292\"' >&2\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(launcher.resolveSibling("customized.java.path"), fake + "\n");
    Result r = run(Map.of("PATH", tools + ":" + javaBin()), "", "--scheme");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ERROR winsession: " + fake + " is Java 8; winsession needs"
        + " Java 17 or later"), r.err());
  }

  @Test
  void theReleaseFile_tellsTheVersion_withoutStartingJava() throws Exception {
    Path home = dir.resolve("jdk-11");
    Path fake = Files.createDirectories(home.resolve("bin")).resolve("java");
    Path started = dir.resolve("started");
    Files.writeString(fake, "#!/bin/sh\ntouch " + started + "\necho 'openjdk version \"17.0.2\"' >&2\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\n"
        + "JAVA_VERSION=\"11.0.2\"\nJAVA_VERSION_DATE=\"2019-01-15\"\n");
    Result r = run(Map.of("PATH", tools.toString(), "JAVA_HOME", home.toString()), "", "--scheme");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("ERROR winsession: " + fake + " is Java 11; winsession needs"
        + " Java 17 or later"), r.err());
    assertFalse(Files.exists(started), "no JVM started to tell the version");
  }

  /** The archive {@code mvn package} made, beside the jar it was made from. */
  private static Path builtArchive() {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    return jar.resolveSibling("cds/jars/winsession.jsa");
  }

  private String oneLogonRun(Path logs) throws IOException {
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("dc01.xml"), Samples.modern(4624, 1, "2024-01-01T00:00:00Z",
        "DC01.contoso.local", "TargetUserName", "bob", "TargetLogonId", "0x1234", "LogonType", "10")
        + "\n");
    Path checkpoints = Files.createDirectories(dir.resolve("ckpt-" + logs.getFileName()));
    return "<input><server_host>h</server_host><server_uri>https://127.0.0.1:8089</server_uri>"
        + "<session_key>k</session_key><checkpoint_dir>" + checkpoints + "</checkpoint_dir>"
        + "<configuration><stanza name=\"winsession://dc01\"><param name=\"mode\">files</param>"
        + "<param name=\"path\">" + logs + "</param><param name=\"emit_open\">true</param>"
        + "<param name=\"interval\">300</param></stanza></configuration></input>";
  }

  /** A run's stdout is the event stream alone and its stderr holds only its INFO lines. */
  private static void assertCleanRun(Result r) {
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("<stream>") && r.out().strip().endsWith("</stream>"), r.out());
    assertTrue(r.out().contains("winsession:session"), r.out());
    for (String line : r.err().split("\n")) {
      assertTrue(line.startsWith("INFO winsession://dc01: "), "stderr: " + r.err());
    }
  }

  @Test
  void theArchiveMadeAtPackageTime_isUsedByARun() throws Exception {
    Path archive = builtArchive();
    assertTrue(Files.isRegularFile(archive), "mvn package makes " + archive);
    Path jars = launcher.getParent().getParent().getParent().resolve("jars");
    Files.copy(archive, jars.resolve("winsession.jsa"));
    Files.copy(archive.resolveSibling("winsession.jsa.size"), jars.resolve("winsession.jsa.size"));
    Path loaded = dir.resolve("classes.log");
    Map<String, String> env = new HashMap<>(Map.of("PATH", tools + ":" + javaBin()));
    Result plain = run(env, oneLogonRun(dir.resolve("logs1")));
    assertCleanRun(plain);
    // the same run again, with the JVM logging where each class came from
    env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + loaded);
    Result r = run(env, oneLogonRun(dir.resolve("logs2")));
    assertEquals(0, r.code(), r.err());
    long fromArchive = Files.readAllLines(loaded).stream()
        .filter(l -> l.contains("shared objects file (top)")).count();
    long fromJar = Files.readAllLines(loaded).stream()
        .filter(l -> l.contains("source: file:") || l.contains("source: jar:")).count();
    assertTrue(fromArchive > 300, "classes from the app archive: " + fromArchive);
    assertTrue(fromJar < 50, "classes still read from the jar: " + fromJar);
  }

  @Test
  void anArchiveThatDoesNotFit_isIgnoredWithoutAWord() throws Exception {
    Path archive = builtArchive();
    assertTrue(Files.isRegularFile(archive), "mvn package makes " + archive);
    byte[] made = Files.readAllBytes(archive);
    // made by another build of Java 17: the JVM's name and version in the header differ
    byte[] otherBuild = made.clone();
    String header = new String(otherBuild, 0, Math.min(4096, otherBuild.length),
        StandardCharsets.ISO_8859_1);
    int ident = header.indexOf("Server VM (");
    assertTrue(ident > 0, "the archive header names the JVM that made it");
    otherBuild[ident + 11] ^= 1;
    Map<String, byte[]> cases = Map.of("another Java build", otherBuild,
        "not an archive", "not a CDS archive".getBytes(StandardCharsets.UTF_8),
        "cut short", java.util.Arrays.copyOf(made, made.length / 3));
    Path jsa = launcher.getParent().getParent().getParent().resolve("jars/winsession.jsa");
    Files.copy(archive.resolveSibling("winsession.jsa.size"), jsa.resolveSibling("winsession.jsa.size"));
    int i = 0;
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      // (a cut archive crashes Java 17: the launcher leaves it out, as its size is not the one made)
      Files.write(jsa, c.getValue());
      Result r = run(Map.of("PATH", tools + ":" + javaBin()), oneLogonRun(dir.resolve("l" + i++)));
      assertCleanRun(r);
    }
    // and the jar is not the one the archive was made from (an update left an old archive)
    Files.write(jsa, made);
    Path jar = jsa.resolveSibling("winsession.jar");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
    assertCleanRun(run(Map.of("PATH", tools + ":" + javaBin()), oneLogonRun(dir.resolve("lj"))));
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
