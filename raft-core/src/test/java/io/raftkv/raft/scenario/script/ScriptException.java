package io.raftkv.raft.scenario.script;

/**
 * A mistake in a scenario file (unknown command, bad argument, missing separator), reported with the
 * file and line so the author can fix the script. Behaviour of the core is never reported this way: its
 * errors are part of the expected output.
 */
final class ScriptException extends RuntimeException {

  ScriptException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }

  ScriptException(String message) {
    super(message);
  }
}
