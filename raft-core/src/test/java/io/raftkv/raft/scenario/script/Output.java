package io.raftkv.raft.scenario.script;

/**
 * The text a directive produced, line by line with nested indentation (a node's section under a
 * {@code > 1 handling Ready} header). Owns the rule that output never contains a blank line, since a
 * blank line ends a directive's output in the script format.
 */
final class Output {

  private final StringBuilder text = new StringBuilder();
  private int depth;

  void line(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("scenario output must not contain blank lines");
    }
    text.append("  ".repeat(depth)).append(s).append('\n');
  }

  void indent() {
    depth++;
  }

  void dedent() {
    depth--;
  }

  /** Returns the text so far (or {@code ok} if there was none) and starts afresh. */
  String take() {
    String s = text.length() == 0 ? "ok\n" : text.toString();
    text.setLength(0);
    depth = 0;
    return s;
  }
}
