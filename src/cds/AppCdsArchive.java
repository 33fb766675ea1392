import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the app's class-data sharing archive, {@code jars/winsession.jsa}, at package time (run by
 * {@code mvn package} as a single-file program: {@code java src/cds/AppCdsArchive.java JAR VMOPTS
 * DIR}).
 *
 * <p>It lays out {@code DIR/jars/winsession.jar} as the app holds it (a copy of the shaded jar with
 * its modification time, which the tar keeps), writes the bundled sample as event XML and gzip in
 * {@code DIR/logs}, and runs the modular input twice from {@code DIR} with the options of
 * {@code winsession.vmopts}, the way the launcher starts it ({@code -jar jars/winsession.jar}):
 * a first run that reads the logs, then, with {@code -XX:ArchiveClassesAtExit}, a run that loads
 * that checkpoint and reads a new file. The JVM writes every class the second run loaded into the
 * archive. The jar is named by a relative path because Java 17 keeps the class path of the
 * archive as it was given and checks it at every start: the launcher starts Java from the app's
 * folder with the same relative path, so the archive holds wherever the app is installed. Java
 * uses it only when it is the same Java build that made it; any other Java starts without it
 * (the launcher turns the archive's messages off). Its size goes to {@code jars/winsession.jsa.size}:
 * the launchers use the archive only at that size, as Java 17 crashes on a cut one.
 */
public final class AppCdsArchive {
  private AppCdsArchive() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: AppCdsArchive SHADED_JAR VMOPTS DIR");
    }
    Path jar = Path.of(args[0]);
    Path vmopts = Path.of(args[1]);
    Path dir = Path.of(args[2]).toAbsolutePath();
    Files.createDirectories(dir.resolve("jars"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path checkpoints = dir.resolve("checkpoints");
    for (Path p : List.of(checkpoints, dir.resolve("jars/winsession.jsa"),
        dir.resolve("jars/winsession.jsa.size"))) {
      deleteTree(p);
    }
    Files.createDirectories(checkpoints);
    for (Path old : Files.list(logs).toList()) {
      Files.delete(old);
    }
    Files.copy(jar, dir.resolve("jars/winsession.jar"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.COPY_ATTRIBUTES);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(vmopts)) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        for (String option : line.strip().split("\\s+")) {
          // the options that use the archive: the runs here make it
          if (!option.startsWith("-XX:SharedArchiveFile") && !option.startsWith("-Xshare")
              && !option.startsWith("-Xlog:cds")) {
            options.add(option);
          }
        }
      }
    }
    Path sample = logs.resolve("sample-day.xml");
    run(dir, List.of(java, "-jar", "jars/winsession.jar", "sample", "-o", sample.toString()),
        null, dir.resolve("sample.out"));
    String definition = "<input><server_host>build</server_host><server_uri>https://127.0.0.1:8089"
        + "</server_uri><session_key>none</session_key><checkpoint_dir>" + checkpoints
        + "</checkpoint_dir><configuration><stanza name=\"winsession://training\">"
        + "<param name=\"mode\">files</param><param name=\"path\">" + logs + "</param>"
        + "<param name=\"index\">main</param><param name=\"interval\">300</param>"
        + "</stanza></configuration></input>";
    List<String> first = new ArrayList<>(List.of(java));
    first.addAll(options);
    first.addAll(List.of("-jar", "jars/winsession.jar", "modinput"));
    run(dir, first, definition, dir.resolve("first.out"));

    // a new file for the second run: the same events as gzip, which it reads as duplicates
    try (InputStream in = Files.newInputStream(sample);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(logs.resolve("more.xml.gz")))) {
      in.transferTo(out);
    }
    List<String> second = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=jars/winsession.jsa",
        "-Xlog:cds*=warning:file=" + dir.resolve("cds.log")));
    second.addAll(options);
    second.addAll(List.of("-jar", "jars/winsession.jar", "modinput"));
    run(dir, second, definition, dir.resolve("second.out"));
    Path archive = dir.resolve("jars/winsession.jsa");
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IOException("no archive written: " + archive + " (see " + dir.resolve("cds.log") + ")");
    }
    // the launchers use the archive only at this size: Java 17 crashes (SIGBUS) on a cut archive
    Files.writeString(dir.resolve("jars/winsession.jsa.size"), Files.size(archive) + "\n");
    System.out.println("AppCDS archive " + archive + ": " + Files.size(archive) + " bytes");
  }

  private static void run(Path dir, List<String> command, String stdin, Path out)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(
            dir.resolve("stderr.log").toFile())).start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    if (p.exitValue() != 0) {
      throw new IOException("exit " + p.exitValue() + ": " + command + " (see "
          + dir.resolve("stderr.log") + ")");
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      for (Path c : Files.list(p).toList()) {
        deleteTree(c);
      }
    }
    Files.deleteIfExists(p);
  }
}
