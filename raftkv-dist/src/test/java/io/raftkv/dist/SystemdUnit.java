package io.raftkv.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd service unit's {@code ExecStart=} and its {@code EnvironmentFile=}, expanded as systemd does:
 * {@code ${VAR}} becomes exactly one argument, a word that is only {@code $VAR} is split on whitespace
 * (and vanishes when empty). Enough of systemd.service(5) for deploy/systemd/raftkv.service; anything else
 * (quotes, specifiers) is refused so the test cannot silently run a different command than systemd would.
 */
record SystemdUnit(String execStart, String environmentFile) {

  static SystemdUnit read(Path unit) throws IOException {
    String exec = null;
    String envFile = null;
    for (String line : Files.readAllLines(unit)) {
      if (line.startsWith("ExecStart=")) {
        exec = line.substring("ExecStart=".length()).trim();
      } else if (line.startsWith("EnvironmentFile=")) {
        envFile = line.substring("EnvironmentFile=".length()).trim();
      }
    }
    if (exec == null || envFile == null) {
      throw new IllegalArgumentException(unit + " lacks ExecStart= or EnvironmentFile=");
    }
    if (exec.contains("\"") || exec.contains("'") || exec.contains("%")) {
      throw new IllegalArgumentException("quotes and specifiers are not modelled: " + exec);
    }
    return new SystemdUnit(exec, envFile);
  }

  /** KEY=VALUE lines of an environment file; '#' lines and blank lines are skipped. */
  static Map<String, String> readEnvironment(List<String> lines) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not KEY=VALUE: " + raw);
      }
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }

  /** The argv systemd would run with {@code env}. */
  List<String> command(Map<String, String> env) {
    List<String> argv = new ArrayList<>();
    for (String word : execStart.split("\\s+")) {
      if (word.startsWith("$") && !word.startsWith("${")) {
        String v = env.getOrDefault(word.substring(1), "");
        for (String part : v.trim().split("\\s+")) {
          if (!part.isEmpty()) {
            argv.add(part);
          }
        }
      } else {
        argv.add(PodSpec.expand(word.replaceAll("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}", "\\$($1)"), env));
      }
    }
    return argv;
  }
}
