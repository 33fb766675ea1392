package org.winsession.splunk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code path} setting as an admin writes it on any forwarder: a file, a directory (every file
 * under it) or a glob, with {@code /} or {@code \} as separators ({@code D:\logs\*.evtx},
 * {@code \\server\share\*.evtx}, {@code /data/dc*}{@code /Security*.evtx}). Each part between
 * separators is matched on its own ({@code *}, {@code ?}, {@code [..]}, <code>{a,b}</code>);
 * {@code **} is any number of directories; a directory a glob matches gives every file under it.
 * Since {@code \} separates, it escapes nothing. Directories that cannot be listed (vanished,
 * access denied) are skipped and named in {@link Match#problems()}; directory links are not
 * followed by {@code **}.
 */
final class PathGlob {
  private static final Pattern DRIVE = Pattern.compile("^([A-Za-z]:)[/\\\\]+");
  private static final Pattern UNC = Pattern.compile("^[/\\\\]{2}([^/\\\\]+)[/\\\\]+([^/\\\\]+)");
  private static final int MAX_PROBLEMS = 20;

  /** A path split into where it starts and the parts after it. */
  record Parsed(String root, List<String> parts) {}

  /** The files a path names, in path order, and what could not be looked at. */
  record Match(List<Path> files, List<String> problems) {}

  private PathGlob() {}

  /** Splits {@code path} with the separators of {@code fs} writing the root. */
  static Parsed parse(String path, FileSystem fs) {
    String sep = fs.getSeparator();
    String p = path.strip();
    String root;
    Matcher unc = UNC.matcher(p);
    Matcher drive = DRIVE.matcher(p);
    if (unc.find()) {
      root = sep + sep + unc.group(1) + sep + unc.group(2) + sep;
      p = p.substring(unc.end());
    } else if (drive.find()) {
      root = drive.group(1) + sep;
      p = p.substring(drive.end());
    } else if (p.startsWith("/") || p.startsWith("\\")) {
      root = sep;
    } else {
      root = "";
    }
    List<String> parts = new ArrayList<>();
    for (String part : p.split("[/\\\\]+")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return new Parsed(root, List.copyOf(parts));
  }

  static boolean isGlob(String part) {
    return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0
        || part.indexOf('{') >= 0;
  }

  /** The files {@code path} names on the default file system. */
  static Match files(String path) {
    return files(path, FileSystems.getDefault());
  }

  static Match files(String path, FileSystem fs) {
    Parsed parsed = parse(path, fs);
    List<String> parts = parsed.parts();
    int firstGlob = 0;
    while (firstGlob < parts.size() && !isGlob(parts.get(firstGlob))) {
      firstGlob++;
    }
    Path base = fs.getPath(parsed.root().isEmpty() && firstGlob == 0 ? "." : parsed.root(),
        parts.subList(0, firstGlob).toArray(new String[0]));
    TreeSet<Path> out = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    if (firstGlob == parts.size()) {
      addAll(base, out, problems);
    } else {
      match(base, parts, firstGlob, fs, out, problems);
    }
    return new Match(List.copyOf(out), List.copyOf(problems));
  }

  private static void match(Path dir, List<String> parts, int i, FileSystem fs,
      TreeSet<Path> out, List<String> problems) {
    String part = parts.get(i);
    boolean last = i == parts.size() - 1;
    if (part.equals("**")) {
      if (last) {
        addAll(dir, out, problems);
        return;
      }
      match(dir, parts, i + 1, fs, out, problems);
      for (Path sub : list(dir, null, problems)) {
        if (Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
          match(sub, parts, i, fs, out, problems);
        }
      }
      return;
    }
    PathMatcher m = isGlob(part) ? fs.getPathMatcher("glob:" + part) : null;
    for (Path child : list(dir, m == null ? part : null, problems)) {
      if (m != null && !m.matches(child.getFileName())) {
        continue;
      }
      if (last) {
        addAll(child, out, problems);
      } else if (Files.isDirectory(child)) {
        match(child, parts, i + 1, fs, out, problems);
      }
    }
  }

  /** The entries of {@code dir}, or only {@code name} in it when given and present. */
  private static List<Path> list(Path dir, String name, List<String> problems) {
    if (name != null) {
      Path p = dir.resolve(name);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (IOException | RuntimeException e) {
      problem(problems, "cannot list " + dir + ": " + e);
    }
    return out;
  }

  /** A file, or every regular file under a directory. */
  private static void addAll(Path p, TreeSet<Path> out, List<String> problems) {
    if (Files.isRegularFile(p)) {
      out.add(p);
      return;
    }
    if (!Files.isDirectory(p)) {
      return;
    }
    try {
      Files.walkFileTree(p, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
              if (a.isRegularFile()) {
                out.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              problem(problems, "cannot look at " + f + ": " + e);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problem(problems, "cannot list " + p + ": " + e);
    }
  }

  private static void problem(List<String> problems, String p) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(p);
    }
  }
}
