package org.winsession.state;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a modular-input stanza keeps between runs: the files read (fingerprint of the head to what
 * was read of it, {@link FileRead}), how far the Splunk search has read (index time, epoch seconds; -1 before the first
 * search) and the engine's state, an opaque payload written and read by
 * {@link org.winsession.session.EngineState}, which versions it on its own. Bytes on disk:
 * {@link CheckpointCodec}; the file: {@link CheckpointStore}.
 */
public record Checkpoint(SortedMap<String, FileRead> filesRead, long searchedUntil,
    byte[] engineState) {

  /** Before any search window was read. */
  public static final long NOT_SEARCHED = -1;

  /** Copies the map; the engine state is kept as given. */
  public Checkpoint {
    filesRead = Collections.unmodifiableSortedMap(new TreeMap<>(filesRead));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.filesRead.equals(filesRead)
        && c.searchedUntil == searchedUntil && Arrays.equals(c.engineState, engineState);
  }

  @Override
  public int hashCode() {
    return (filesRead.hashCode() * 31 + Long.hashCode(searchedUntil)) * 31
        + Arrays.hashCode(engineState);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + filesRead.size() + " files, searchedUntil=" + searchedUntil + ", "
        + engineState.length + " bytes of engine state]";
  }
}
