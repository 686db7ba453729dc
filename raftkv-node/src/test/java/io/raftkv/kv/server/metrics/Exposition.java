package io.raftkv.kv.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics 1.0 text, for tests
 * (the Prometheus Java client has writers but no parser). It rejects what a Prometheus server would reject
 * or what the formats forbid: bad names, bad escapes, unparsable values, samples before their {@code # TYPE},
 * a family split in two, a repeated series, histogram buckets that decrease or miss {@code +Inf}, and
 * (OpenMetrics) a missing final {@code # EOF}.
 */
public final class Exposition {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** One metric family: its {@code # TYPE} and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  private Exposition() {}

  public static Exposition parsePrometheus(String text) {
    return parse(text, false);
  }

  public static Exposition parseOpenMetrics(String text) {
    return parse(text, true);
  }

  public Map<String, Family> families() {
    return families;
  }

  public Family family(String name) {
    Family f = families.get(name);
    if (f == null) {
      throw new AssertionError("no metric family " + name + " in " + families.keySet());
    }
    return f;
  }

  /** The value of the one sample named {@code sample} whose labels include {@code labels} (k, v, k, v...). */
  public double value(String sample, String... labels) {
    List<Double> found = new ArrayList<>();
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(sample) && matches(s.labels(), labels)) {
          found.add(s.value());
        }
      }
    }
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + sample + " with labels " + List.of(labels));
    }
    return found.get(0);
  }

  /** The count of histogram {@code name}'s bucket with upper bound {@code le}, among series with {@code labels}. */
  public double bucket(String name, double le, String... labels) {
    List<Double> found = new ArrayList<>();
    for (Sample s : family(name).samples()) {
      String bound = s.labels().get("le");
      if (s.name().equals(name + "_bucket") && bound != null && parseValue(bound, 0) == le
          && matches(s.labels(), labels)) {
        found.add(s.value());
      }
    }
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " buckets le=" + le + " of " + name + " " + List.of(labels));
    }
    return found.get(0);
  }

  /** The sum over samples named {@code sample} (0 when there are none), e.g. over all label values. */
  public double sum(String sample) {
    double total = 0;
    for (Family f : families.values()) {
      for (Sample s : f.samples()) {
        if (s.name().equals(sample)) {
          total += s.value();
        }
      }
    }
    return total;
  }

  private static boolean matches(Map<String, String> have, String[] want) {
    for (int i = 0; i + 1 < want.length; i += 2) {
      if (!want[i + 1].equals(have.get(want[i]))) {
        return false;
      }
    }
    return true;
  }

  private static Exposition parse(String text, boolean openMetrics) {
    Exposition e = new Exposition();
    Set<String> seriesSeen = new java.util.HashSet<>();
    String current = null;
    boolean eof = false;
    String[] lines = text.split("\n", -1);
    if (!lines[lines.length - 1].isEmpty()) {
      throw fail(lines.length, "the exposition must end with a newline");
    }
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      if (eof) {
        throw fail(n + 1, "content after # EOF");
      }
      if (line.isEmpty()) {
        if (openMetrics) {
          throw fail(n + 1, "blank line");
        }
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (openMetrics && line.equals("# EOF")) {
          eof = true;
          continue;
        }
        if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE") || parts[1].equals("UNIT"))) {
          if (openMetrics) {
            throw fail(n + 1, "unknown descriptor " + line);
          }
          continue; // a plain comment
        }
        String name = parts[2];
        requireName(name, n + 1);
        if (parts[1].equals("TYPE")) {
          if (parts.length != 4 || !TYPES.contains(parts[3])) {
            throw fail(n + 1, "bad TYPE line " + line);
          }
          if (e.families.containsKey(name) && e.families.get(name).type() != null) {
            throw fail(n + 1, "second TYPE for " + name);
          }
          Family old = e.families.get(name);
          e.families.put(name, new Family(name, parts[3], old == null ? null : old.help(), new ArrayList<>()));
          current = name;
        } else if (parts[1].equals("HELP")) {
          String help = parts.length == 4 ? unescape(parts[3], false, n + 1) : "";
          Family old = e.families.get(name);
          if (old != null && old.help() != null) {
            throw fail(n + 1, "second HELP for " + name);
          }
          e.families.put(name, new Family(name, old == null ? null : old.type(), help,
              old == null ? new ArrayList<>() : old.samples()));
          current = name;
        }
        continue;
      }
      Sample s = sample(line, n + 1);
      String family = familyOf(s.name(), current, e);
      if (family == null) {
        throw fail(n + 1, "sample " + s.name() + " outside its family (current: " + current + ")");
      }
      if (!seriesSeen.add(s.name() + s.labels())) {
        throw fail(n + 1, "repeated series " + s.name() + s.labels());
      }
      e.families.get(family).samples().add(s);
    }
    if (openMetrics && !eof) {
      throw fail(lines.length, "missing # EOF");
    }
    for (Family f : e.families.values()) {
      if (f.type() == null) {
        throw new IllegalArgumentException("family " + f.name() + " has no TYPE");
      }
      if (f.type().equals("histogram")) {
        checkHistogram(f);
      }
    }
    return e;
  }

  /** The family {@code sample} belongs to: it must be the current one (families are contiguous). */
  private static String familyOf(String sample, String current, Exposition e) {
    if (current == null) {
      return null;
    }
    Family f = e.families.get(current);
    List<String> allowed = switch (f.type() == null ? "untyped" : f.type()) {
      case "counter" -> List.of(current, current + "_total", current + "_created");
      case "histogram", "gaugehistogram" ->
          List.of(current + "_bucket", current + "_sum", current + "_count", current + "_created");
      case "summary" -> List.of(current, current + "_sum", current + "_count", current + "_created");
      case "info" -> List.of(current + "_info");
      default -> List.of(current);
    };
    return allowed.contains(sample) ? current : null;
  }

  private static void checkHistogram(Family f) {
    Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
    Map<String, Double> counts = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      Map<String, String> rest = new TreeMap<>(s.labels());
      String le = rest.remove("le");
      if (s.name().endsWith("_bucket")) {
        if (le == null) {
          throw new IllegalArgumentException(f.name() + ": bucket without le");
        }
        buckets.computeIfAbsent(rest.toString(), k -> new TreeMap<>()).put(parseValue(le, 0), s.value());
      } else if (s.name().endsWith("_count")) {
        counts.put(rest.toString(), s.value());
      }
    }
    buckets.forEach((series, b) -> {
      double previous = 0;
      for (double v : b.values()) {
        if (v < previous) {
          throw new IllegalArgumentException(f.name() + series + ": buckets decrease");
        }
        previous = v;
      }
      if (!b.containsKey(Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(f.name() + series + ": no +Inf bucket");
      }
      if (!b.get(Double.POSITIVE_INFINITY).equals(counts.get(series))) {
        throw new IllegalArgumentException(f.name() + series + ": +Inf bucket differs from _count");
      }
    });
  }

  private static Sample sample(String line, int n) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(name, n);
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw fail(n, "label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches()) {
          throw fail(n, "bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw fail(n, "label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (true) {
          if (j >= line.length()) {
            throw fail(n, "unterminated label value");
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char next = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
            value.append(switch (next) {
              case '\\' -> '\\';
              case '"' -> '"';
              case 'n' -> '\n';
              default -> throw fail(n, "bad escape \\" + next);
            });
            j += 2;
            continue;
          }
          value.append(c);
          j++;
        }
        if (labels.put(label, value.toString()) != null) {
          throw fail(n, "label " + label + " given twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw fail(n, "expected ',' or '}' after a label");
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw fail(n, "no value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw fail(n, "expected 'value [timestamp]'");
    }
    return new Sample(name, labels, parseValue(rest[0], n));
  }

  private static double parseValue(String v, int n) {
    switch (v) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw fail(n, "bad value '" + v + "'");
        }
    }
  }

  private static void requireName(String name, int n) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw fail(n, "bad metric name '" + name + "'");
    }
  }

  private static String unescape(String s, boolean quotes, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char next = i + 1 < s.length() ? s.charAt(++i) : ' ';
      b.append(switch (next) {
        case '\\' -> '\\';
        case 'n' -> '\n';
        case '"' -> '"';
        default -> throw fail(n, "bad escape \\" + next + " in HELP");
      });
    }
    return b.toString();
  }

  private static IllegalArgumentException fail(int line, String why) {
    return new IllegalArgumentException("line " + line + ": " + why);
  }
}
