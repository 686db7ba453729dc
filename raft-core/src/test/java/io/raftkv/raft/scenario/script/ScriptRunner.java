package io.raftkv.raft.scenario.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Script} in a fresh {@link InteractionEnv}: every directive's command in order, collecting
 * its actual output. The result says which directives differ from the file and renders a report naming
 * each one's file, line and command with a line diff, plus the file as it should be (for rewrite).
 */
final class ScriptRunner {

  /** A directive whose actual output differs from the expected one. */
  record Mismatch(Script.Directive directive, String actual) {}

  record Result(Script script, List<String> outputs, List<Mismatch> mismatches) {

    String rewritten() {
      return script.render(outputs);
    }

    String report() {
      StringBuilder b = new StringBuilder();
      b.append(mismatches.size()).append(" directive(s) of ").append(script.name).append(" differ from the trace")
          .append(" (rerun with -Draftkv.rewrite=true to accept the new trace):\n");
      for (Mismatch m : mismatches) {
        b.append('\n').append(script.name).append(':').append(m.directive().line()).append(": ")
            .append(m.directive().commandLine()).append('\n')
            .append(LineDiff.diff(m.directive().expected(), m.actual()));
      }
      return b.toString();
    }
  }

  private ScriptRunner() {}

  static Result run(Script script) {
    InteractionEnv env = new InteractionEnv();
    List<String> outputs = new ArrayList<>();
    List<Mismatch> mismatches = new ArrayList<>();
    for (Script.Directive d : script.directives) {
      Handlers.run(Command.parse(script.name, d.line(), d.commandLine()), env);
      String actual = env.out.take();
      outputs.add(actual);
      if (!actual.equals(d.expected())) {
        mismatches.add(new Mismatch(d, actual));
      }
    }
    return new Result(script, outputs, mismatches);
  }
}
