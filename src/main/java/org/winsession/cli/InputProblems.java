package org.winsession.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Why an input could not be read, in words a user acts on rather than an exception's text. */
final class InputProblems {
  /** The words for a directory that holds no regular file. */
  static final String EMPTY_DIRECTORY = "a directory with no event logs in it";

  private InputProblems() {}

  /** E.g. "no such file", "permission denied", "is a directory", or the exception's own reason. */
  static String words(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
