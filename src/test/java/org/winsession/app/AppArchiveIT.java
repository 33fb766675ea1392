package org.winsession.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable app archive that {@code mvn package} builds: one top folder, the files Splunk
 * and AppInspect expect, launcher modes, the version, and a launcher that starts from the
 * unpacked archive.
 */
class AppArchiveIT {
  /** One tar entry: its path, octal mode, type flag, contents and modification time (seconds). */
  record Entry(String name, int mode, char type, byte[] data, long mtime) {}

  private static Map<String, Entry> entries;

  @BeforeAll
  static void read() throws IOException {
    Path tgz = Path.of(System.getProperty("winsession.app", "target/winsession-0.1.0.tgz"));
    assertTrue(Files.isRegularFile(tgz), "build the app first (mvn package): " + tgz);
    entries = untar(tgz);
  }

  /** Reads a ustar archive with POSIX (pax) long names, as the assembly writes it. */
  static Map<String, Entry> untar(Path tgz) throws IOException {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      String paxPath = null;
      while (true) {
        byte[] h = in.readNBytes(512);
        assertEquals(512, h.length, "tar header block");
        if (h[0] == 0) {
          break;
        }
        String name = field(h, 0, 100);
        String prefix = field(h, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        int mode = Integer.parseInt(field(h, 100, 8).strip(), 8);
        long size = Long.parseLong(field(h, 124, 12).strip(), 8);
        long mtime = Long.parseLong(field(h, 136, 12).strip(), 8);
        char type = (char) (h[156] == 0 ? '0' : h[156]);
        byte[] data = in.readNBytes((int) size);
        in.readNBytes((int) ((512 - size % 512) % 512));
        if (type == 'x') {
          for (String rec : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (rec.startsWith("path=", sp + 1)) {
              paxPath = rec.substring(sp + 6);
            }
          }
          continue;
        }
        if (paxPath != null) {
          name = paxPath;
          paxPath = null;
        }
        out.put(name, new Entry(name, mode & 07777, type, data, mtime));
      }
    }
    return out;
  }

  private static String field(byte[] h, int from, int len) {
    int end = from;
    while (end < from + len && h[end] != 0) {
      end++;
    }
    return new String(h, from, end - from, StandardCharsets.US_ASCII);
  }

  @Test
  void oneTopFolder_noHiddenFiles_noLocal() {
    for (String name : entries.keySet()) {
      assertTrue(name.startsWith("winsession/"), name);
      for (String part : name.split("/")) {
        assertFalse(part.startsWith(".") || part.equals("__MACOSX") || part.contains(" "), name);
      }
      assertFalse(name.startsWith("winsession/local/") || name.startsWith("winsession/users/")
          || name.endsWith("local.meta"), name);
    }
  }

  @Test
  void holdsWhatSplunkAndAppInspectExpect() {
    for (String required : List.of("default/app.conf", "default/inputs.conf",
        "default/props.conf", "default/macros.conf", "default/eventtypes.conf",
        "default/transforms.conf", "default/savedsearches.conf", "default/data/ui/nav/default.xml",
        "default/data/ui/views/winsession_overview.xml",
        "default/data/ui/views/winsession_explorer.xml",
        "default/data/ui/views/winsession_leaks.xml", "default/data/ui/views/winsession_health.xml",
        "lookups/winsession_logon_types.csv", "lookups/winsession_event_codes.csv",
        "metadata/default.meta", "README/inputs.conf.spec", "static/appIcon.png",
        "static/appIcon_2x.png", "default/tags.conf",
        "jars/winsession.jar", "jars/winsession.jsa", "jars/winsession.jsa.size",
        "jars/winsession.vmopts", "linux_x86_64/bin/winsession.sh",
        "windows_x86_64/bin/winsession.cmd", "default/collections.conf", "README.md", "LICENSE",
        "THIRD-PARTY-NOTICES.txt", "app.manifest")) {
      Entry e = entries.get("winsession/" + required);
      assertTrue(e != null && e.type() == '0', "regular file " + required);
    }
  }

  @Test
  void launchersAre755_everythingElse644() {
    for (Entry e : entries.values()) {
      if (e.type() == '5') {
        assertEquals(0755, e.mode(), e.name());
      } else {
        assertEquals('0', e.type(), "only files and folders: " + e.name());
        boolean launcher = e.name().matches("winsession/[a-z0-9_]+/bin/[^/]+");
        assertEquals(launcher ? 0755 : 0644, e.mode(), e.name());
      }
    }
  }

  @Test
  void appConfVersion_isThePomVersion() {
    String version = System.getProperty("winsession.version");
    assertTrue(version != null && !version.isEmpty(), "winsession.version set by the pom");
    Map<String, Map<String, String>> conf = ConfFile.parse(List.of(new String(
        entries.get("winsession/default/app.conf").data(), StandardCharsets.UTF_8).split("\n")),
        "app.conf");
    assertEquals(version, conf.get("id").get("version"));
    assertEquals(version, conf.get("launcher").get("version"));
    assertEquals("winsession", conf.get("package").get("id"));
    assertEquals("winsession", conf.get("id").get("name"));
    assertEquals("false", conf.get("install").get("is_configured"));
    assertTrue(Integer.parseInt(conf.get("install").get("build")) > 0);
    int label = conf.get("ui").get("label").length();
    assertTrue(label >= 5 && label <= 80, "label 5-80 characters");
    assertTrue(conf.get("launcher").get("description").length() <= 200);
    assertEquals("true", conf.get("package").get("check_for_updates"));
    com.google.gson.JsonObject manifest = com.google.gson.JsonParser.parseString(new String(
        entries.get("winsession/app.manifest").data(), StandardCharsets.UTF_8)).getAsJsonObject();
    com.google.gson.JsonObject id = manifest.getAsJsonObject("info").getAsJsonObject("id");
    assertEquals("winsession", id.get("name").getAsString(), "app.manifest names the package");
    assertEquals(version, id.get("version").getAsString(), "app.manifest version");
    assertEquals("2.0.0", manifest.get("schemaVersion").getAsString());
  }

  @Test
  void thirdPartyNotices_nameEveryLibraryTheJarBundles() throws IOException {
    String notices = new String(entries.get("winsession/THIRD-PARTY-NOTICES.txt").data(),
        StandardCharsets.UTF_8);
    Set<String> bundled = new java.util.TreeSet<>();
    try (java.util.zip.ZipInputStream jar = new java.util.zip.ZipInputStream(
        new java.io.ByteArrayInputStream(entries.get("winsession/jars/winsession.jar").data()))) {
      for (java.util.zip.ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
        String n = e.getName();
        if (n.endsWith(".class") && !n.startsWith("org/winsession/") && !n.startsWith("META-INF/")) {
          String[] parts = n.split("/");
          bundled.add(parts.length > 2 ? parts[0] + "/" + parts[1] + "/" : parts[0] + "/");
        }
      }
    }
    Map<String, String> names = Map.of("com/splunk/", "Splunk Software Development Kit for Java",
        "com/google/", "Gson", "org/apache/", "Apache Commons CSV");
    for (String pkg : bundled) {
      String name = names.entrySet().stream().filter(n -> pkg.startsWith(n.getKey()))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      assertTrue(name != null, "a bundled package the notices do not know: " + pkg);
      assertTrue(notices.contains(name), name + " in THIRD-PARTY-NOTICES.txt");
    }
    assertEquals(Set.of("com/google/", "com/splunk/", "org/apache/"), bundled);
    String license = new String(entries.get("winsession/LICENSE").data(), StandardCharsets.UTF_8);
    assertTrue(license.contains("Apache License") && license.contains("Version 2.0"));
  }

  @Test
  void jarIsTheShadedJar() throws IOException {
    Path jar = Path.of(System.getProperty("winsession.jar", "target/winsession-0.1.0.jar"));
    assertArrayEquals(Files.readAllBytes(jar), entries.get("winsession/jars/winsession.jar").data());
  }

  @Test
  void unpackedApp_launcherPrintsTheScheme_withTheArchive(@TempDir Path splunkApps)
      throws IOException, InterruptedException {
    for (Entry e : entries.values()) {
      Path p = splunkApps.resolve(e.name());
      if (e.type() == '5') {
        Files.createDirectories(p);
        continue;
      }
      Files.createDirectories(p.getParent());
      Files.write(p, e.data());
      Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
          PosixFilePermission.OTHERS_READ);
      if ((e.mode() & 0100) != 0) {
        perms.add(PosixFilePermission.OWNER_EXECUTE);
      }
      Files.setPosixFilePermissions(p, perms);
      // as Splunk unpacks an app (Python's tarfile): the archive checks the jar's time
      Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(e.mtime(),
          TimeUnit.SECONDS));
    }
    Path loaded = splunkApps.resolve("classes.log");
    ProcessBuilder pb = new ProcessBuilder(
        splunkApps.resolve("winsession/linux_x86_64/bin/winsession.sh").toString(), "--scheme");
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    pb.environment().remove("JAVA_HOME");
    pb.environment().put("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + loaded);
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text + err);
    assertTrue(text.startsWith("<?xml") && text.contains("<scheme>")
        && text.contains("<arg name=\"mode\">"), text);
    assertEquals("NOTE: Picked up JDK_JAVA_OPTIONS: -Xlog:class+load:file=" + loaded,
        err.strip(), "nothing else on stderr");
    // made at package time from this jar by this Java, the archive holds where the app is unpacked
    long fromArchive = Files.readAllLines(loaded).stream()
        .filter(l -> l.contains("shared objects file (top)")).count();
    assertTrue(fromArchive > 100, "classes from jars/winsession.jsa: " + fromArchive);
  }
}
