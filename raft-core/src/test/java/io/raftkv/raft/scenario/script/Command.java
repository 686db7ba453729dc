package io.raftkv.raft.scenario.script;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed command line: {@code name pos1 pos2 key=value key=(a,b,c)}. Positional arguments are kept in
 * order; keyed ones by key. Accessors throw {@link ScriptException} naming the line, so a typo in a script
 * fails loudly instead of silently using a default. Every keyed argument must be read by the handler
 * ({@link #checkAllUsed()}), which catches misspelt keys.
 */
final class Command {

  final String file;
  final int line;
  final String name;
  final List<String> positional;
  private final Map<String, String> keyed;
  private final java.util.Set<String> used = new java.util.HashSet<>();

  private Command(String file, int line, String name, List<String> positional, Map<String, String> keyed) {
    this.file = file;
    this.line = line;
    this.name = name;
    this.positional = List.copyOf(positional);
    this.keyed = keyed;
  }

  static Command parse(String file, int line, String text) {
    List<String> tokens = tokenize(file, line, text);
    List<String> pos = new ArrayList<>();
    Map<String, String> keyed = new LinkedHashMap<>();
    for (String t : tokens.subList(1, tokens.size())) {
      int eq = t.indexOf('=');
      if (eq > 0) {
        if (keyed.put(t.substring(0, eq), t.substring(eq + 1)) != null) {
          throw new ScriptException(file, line, "argument " + t.substring(0, eq) + " given twice");
        }
      } else {
        pos.add(t);
      }
    }
    return new Command(file, line, tokens.get(0), pos, keyed);
  }

  /** Splits on spaces, keeping {@code (a, b)} groups together. */
  private static List<String> tokenize(String file, int line, String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ' ' && depth == 0) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (depth != 0) {
      throw new ScriptException(file, line, "unbalanced parentheses in '" + text + "'");
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  ScriptException error(String message) {
    return new ScriptException(file, line, name + ": " + message);
  }

  String string(String key, String dflt) {
    used.add(key);
    return keyed.getOrDefault(key, dflt);
  }

  int integer(String key, int dflt) {
    String v = string(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw error(key + "=" + v + " is not an integer");
    }
  }

  boolean bool(String key, boolean dflt) {
    String v = string(key, null);
    if (v == null) {
      return dflt;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw error(key + "=" + v + " is not true/false");
    }
    return Boolean.parseBoolean(v);
  }

  /** {@code key=(a,b,c)} or {@code key=a}; empty list when absent. */
  List<String> list(String key) {
    String v = string(key, null);
    if (v == null) {
      return List.of();
    }
    String inner = v.startsWith("(") && v.endsWith(")") ? v.substring(1, v.length() - 1) : v;
    if (inner.isBlank()) {
      return List.of();
    }
    return Arrays.stream(inner.split(",")).map(String::strip).toList();
  }

  /** The positional arguments, which must be at least {@code min}. */
  List<String> args(int min) {
    if (positional.size() < min) {
      throw error("needs at least " + min + " argument(s)");
    }
    return positional;
  }

  void checkAllUsed() {
    for (String k : keyed.keySet()) {
      if (!used.contains(k)) {
        throw error("unknown argument " + k + "=");
      }
    }
  }
}
