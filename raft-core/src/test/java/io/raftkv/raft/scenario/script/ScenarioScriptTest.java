package io.raftkv.raft.scenario.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-trace scenarios (etcd's datadriven testdata): runs every {@code scenarios/*.txt} script and fails,
 * with a line diff per differing command, when the core's messages or state differ from the checked-in
 * trace. {@code -Draftkv.rewrite=true} writes the actual traces back into the source tree instead, for a
 * reviewer to read as a diff.
 *
 * <p>Reads the files from {@code src/test/resources/scenarios} (surefire runs in the module directory),
 * not from the classpath copy, so that a rewrite lands in the source tree.
 */
class ScenarioScriptTest {

  static final Path DIR = Path.of("src", "test", "resources", "scenarios");

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(files).as("scenario scripts in " + DIR.toAbsolutePath()).isNotEmpty();
    boolean rewrite = Boolean.getBoolean("raftkv.rewrite");
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, rewrite)));
  }

  private static void check(Path file, boolean rewrite) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Script script = Script.parse(file.getFileName().toString(), text);
    assertThat(script.directives).as("directives in " + file).isNotEmpty();
    ScriptRunner.Result r = ScriptRunner.run(script);
    if (rewrite) {
      String updated = r.rewritten();
      if (!updated.equals(text)) {
        Files.writeString(file, updated, StandardCharsets.UTF_8);
      }
      return;
    }
    if (!r.mismatches().isEmpty()) {
      throw new AssertionError(r.report());
    }
  }
}
