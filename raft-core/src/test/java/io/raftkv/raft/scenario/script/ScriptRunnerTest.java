package io.raftkv.raft.scenario.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The harness itself: it must notice a wrong trace, name the command, and rewrite files faithfully. */
class ScriptRunnerTest {

  private static final String ELECTION = """
      # a comment survives a rewrite
      add-nodes 3 voters=(1,2,3) pre-vote=false
      ----
      INFO 1 created with voters=(1 2 3)
      INFO 2 created with voters=(1 2 3)
      INFO 3 created with voters=(1 2 3)

      campaign 1
      ----
      INFO 1 is CANDIDATE at term 1, lead none

      stabilize
      ----
      %s

      status 1
      ----
      1: LEADER term:1 vote:1 commit:1 applied:1 last:1 lead:1
      """;

  @Test
  void aWrongTraceIsReportedWithTheCommandsLineAndADiff() {
    // The status line claims node 1 is a FOLLOWER: false, it won the election.
    String wrong = ELECTION.formatted("whatever").replace("1: LEADER", "1: FOLLOWER");
    ScriptRunner.Result r = ScriptRunner.run(Script.parse("wrong.txt", wrong));

    assertThat(r.mismatches()).extracting(m -> m.directive().commandLine()).containsExactly("stabilize", "status 1");
    assertThat(r.report())
        .contains("wrong.txt:12: stabilize")
        .contains("wrong.txt:16: status 1")
        .contains("- 1: FOLLOWER term:1")
        .contains("+ 1: LEADER term:1")
        .contains("+ > 1 handling Ready");
    // A replaced line reads as in a unified diff: the expected one first.
    assertThat(r.report().indexOf("- 1: FOLLOWER")).isLessThan(r.report().indexOf("+ 1: LEADER"));
  }

  @Test
  void theDiffShowsThreeLinesOfContextAroundAChange() {
    String expected = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n";
    String actual = expected.replace("l5", "L5");

    assertThat(LineDiff.diff(expected, actual))
        .isEqualTo("--- expected\n+++ actual\n  l2\n  l3\n  l4\n- l5\n+ L5\n  l6\n  l7\n  l8\n");
  }

  @Test
  void rewritingKeepsCommentsAndThenMatches() {
    String stale = ELECTION.formatted("whatever");
    ScriptRunner.Result first = ScriptRunner.run(Script.parse("stale.txt", stale));
    String rewritten = first.rewritten();

    assertThat(rewritten).startsWith("# a comment survives a rewrite\n").doesNotContain("whatever");
    ScriptRunner.Result second = ScriptRunner.run(Script.parse("stale.txt", rewritten));
    assertThat(second.mismatches()).isEmpty();
    assertThat(second.rewritten()).isEqualTo(rewritten);
  }

  @Test
  void scriptMistakesFailWithFileAndLine() {
    assertThatThrownBy(() -> ScriptRunner.run(Script.parse("bad.txt", "add-nodes 1 votrs=(1)\n----\nok\n")))
        .isInstanceOf(ScriptException.class)
        .hasMessageContaining("bad.txt:1")
        .hasMessageContaining("unknown argument votrs=");
    assertThatThrownBy(() -> ScriptRunner.run(Script.parse("bad.txt", "\nfly 1\n----\nok\n")))
        .hasMessageContaining("bad.txt:2: fly: unknown command");
    assertThatThrownBy(() -> Script.parse("bad.txt", "tick 1\nok\n"))
        .hasMessageContaining("bad.txt:1: expected '----'");
  }
}
