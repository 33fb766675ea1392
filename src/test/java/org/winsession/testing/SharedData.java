package org.winsession.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real Windows logs in {@code ../shared/data} (system property {@code winsession.shared}). */
public final class SharedData {
  private SharedData() {}

  /** {@code ../shared/data}; fails loudly when it is missing (CI always has it). */
  public static Path dir() {
    Path shared = Path.of(System.getProperty("winsession.shared", "../shared"));
    Path data = shared.resolve("data");
    if (!Files.isDirectory(data)) {
      throw new AssertionError("real test data not found at " + data.toAbsolutePath()
          + ": expected the shared folder beside the project (set -Dwinsession.shared=DIR)");
    }
    return data;
  }

  /** The XML rendering of an EVTX file given by its path under data/. */
  public static Path rendered(String evtxPath) {
    return dir().resolve("rendered").resolve(evtxPath + ".xml.gz");
  }
}
