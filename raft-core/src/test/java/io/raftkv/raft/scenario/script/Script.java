package io.raftkv.raft.scenario.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed scenario file in the datadriven format: free text (comments starting with {@code #}, blank
 * lines) interleaved with directives, each a command line, a {@code ----} separator and the expected
 * output, which ends at the first blank line (or the end of the file).
 *
 * <p>Owns the file's layout so that {@link #render(List)} reproduces the file byte for byte with only the
 * expected outputs replaced: that is what {@code -Draftkv.rewrite=true} writes back. Invariant:
 * {@code preambles.size() == directives.size() + 1} (the last preamble is the file's tail).
 */
final class Script {

  /** One command and the output the file expects from it; {@code line} is the command's 1-based line. */
  record Directive(int line, String commandLine, String expected) {}

  static final String SEPARATOR = "----";

  final String name;
  final List<Directive> directives;
  private final List<String> preambles;

  private Script(String name, List<Directive> directives, List<String> preambles) {
    this.name = name;
    this.directives = List.copyOf(directives);
    this.preambles = List.copyOf(preambles);
  }

  /**
   * Parses {@code text}.
   *
   * @throws ScriptException if a command has no {@code ----} line after it
   */
  static Script parse(String name, String text) {
    String[] lines = text.split("\n", -1);
    List<Directive> directives = new ArrayList<>();
    List<String> preambles = new ArrayList<>();
    StringBuilder pre = new StringBuilder();
    int i = 0;
    // A trailing newline yields one empty last element; it belongs to the tail, not to a line.
    int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
    while (i < n) {
      String l = lines[i];
      if (l.isBlank() || l.startsWith("#")) {
        pre.append(l).append('\n');
        i++;
        continue;
      }
      int commandLine = i + 1;
      if (i + 1 >= n || !lines[i + 1].equals(SEPARATOR)) {
        throw new ScriptException(name, commandLine, "expected '" + SEPARATOR + "' after command '" + l + "'");
      }
      i += 2;
      StringBuilder expected = new StringBuilder();
      while (i < n && !lines[i].isEmpty()) {
        expected.append(lines[i]).append('\n');
        i++;
      }
      preambles.add(pre.toString());
      pre.setLength(0);
      directives.add(new Directive(commandLine, l.strip(), expected.toString()));
    }
    preambles.add(pre.toString());
    return new Script(name, directives, preambles);
  }

  /** The file with every directive's expected output replaced by {@code outputs} (same order). */
  String render(List<String> outputs) {
    if (outputs.size() != directives.size()) {
      throw new IllegalArgumentException(outputs.size() + " outputs for " + directives.size() + " directives");
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < directives.size(); k++) {
      b.append(preambles.get(k)).append(directives.get(k).commandLine()).append('\n');
      b.append(SEPARATOR).append('\n').append(outputs.get(k));
      // The blank line that ends an output is part of the next preamble when the file had one.
    }
    b.append(preambles.get(directives.size()));
    return b.toString();
  }
}
