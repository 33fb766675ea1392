package org.winsession.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The help text of the command line and of each command, made from their declarations: usage
 * line, description, positional arguments and options (defaults written in place of
 * {@code ${DEFAULT-VALUE}}), wrapped to 80 columns.
 */
final class Help {
  private static final int WIDTH = 80;
  /** Where descriptions start, unless every name of a command is shorter. */
  private static final int DESCRIPTION_COLUMN = 29;

  private Help() {}

  /** The top-level help: what the tool is, every command with its one line, the options. */
  static String top(String description, List<Command> commands) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: winsession [-hV] COMMAND [OPTIONS] [ARGUMENTS]\n");
    wrap(out, description, 0, 0);
    out.append("\nCommands:\n");
    List<String[]> rows = new ArrayList<>();
    for (Command c : commands) {
      rows.add(new String[] {"  " + c.name(), c.summary()});
    }
    table(out, rows);
    out.append("\nOptions:\n");
    table(out, optionRows(List.of(Option.HELP, Option.VERSION)));
    out.append("\nRun 'winsession COMMAND --help' for a command's options.\n");
    return out.toString();
  }

  /** A command's help: usage, description, arguments and every option. */
  static String command(Command c) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: winsession ").append(c.name()).append(" [OPTIONS]");
    if (c.positional() != null) {
      out.append(' ').append(c.positional().synopsis());
    }
    out.append('\n');
    for (String paragraph : c.description()) {
      wrap(out, paragraph, 0, 0);
    }
    List<String[]> rows = new ArrayList<>();
    if (c.positional() != null) {
      rows.add(new String[] {"      " + c.positional().synopsis(), c.positional().description()});
    }
    rows.addAll(optionRows(c.everyOption()));
    out.append('\n');
    table(out, rows);
    return out.toString();
  }

  /** The line of {@code --help} for usage errors. */
  static String hint(String command) {
    return "Try 'winsession" + (command == null ? "" : " " + command) + " --help' for more"
        + " information.";
  }

  private static List<String[]> optionRows(List<Option<?>> options) {
    List<String[]> rows = new ArrayList<>();
    for (Option<?> o : options) {
      StringBuilder names = new StringBuilder(o.names().size() > 1 ? "  " : "      ");
      names.append(String.join(", ", o.names()));
      if (o.label() != null) {
        names.append('=').append(o.label());
      }
      String description = o.description();
      if (o.defaultValue() != null) {
        description = description.replace("${DEFAULT-VALUE}", o.defaultValue());
      }
      rows.add(new String[] {names.toString(), description});
    }
    return rows;
  }

  /** Names and descriptions in two columns; a name too long for its column stands alone. */
  private static void table(StringBuilder out, List<String[]> rows) {
    int longest = 0;
    for (String[] row : rows) {
      longest = Math.max(longest, row[0].length());
    }
    int column = Math.min(longest + 2, DESCRIPTION_COLUMN);
    for (String[] row : rows) {
      out.append(row[0]);
      if (row[0].length() + 1 > column) {
        out.append('\n').append(" ".repeat(column));
      } else {
        out.append(" ".repeat(column - row[0].length()));
      }
      wrap(out, row[1], column, column + 2);
    }
  }

  /**
   * {@code text} wrapped at word boundaries to {@link #WIDTH}, continuing at {@code indent}
   * columns; the first line continues where {@code out} stands ({@code start} columns in).
   */
  private static void wrap(StringBuilder out, String text, int start, int indent) {
    int at = start;
    boolean lineStart = true;
    for (String word : text.split(" ")) {
      if (!lineStart && at + 1 + word.length() > WIDTH) {
        out.append('\n').append(" ".repeat(indent));
        at = indent;
        lineStart = true;
      }
      if (!lineStart) {
        out.append(' ');
        at++;
      }
      out.append(word);
      at += word.length();
      lineStart = false;
    }
    out.append('\n');
  }
}
