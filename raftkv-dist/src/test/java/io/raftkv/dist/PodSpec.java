package io.raftkv.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container of a StatefulSet manifest as Kubernetes would start it: its command and args, and its
 * environment with {@code $(VAR)} references expanded the way the kubelet does (a reference to a variable
 * defined earlier in the list is replaced, {@code $$} is a literal {@code $}, anything else stays as written).
 * Values from the downward API ({@code valueFrom.fieldRef}) are supplied by the caller, as the kubelet would.
 */
record PodSpec(List<String> command, Map<String, String> env, JsonNode container) {

  private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Reads the first container of the StatefulSet in {@code manifest}. */
  static PodSpec fromStatefulSet(Path manifest, Map<String, String> fieldRefs) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
    if (!"StatefulSet".equals(root.path("kind").asText())) {
      throw new IllegalArgumentException(manifest + " is not a StatefulSet");
    }
    JsonNode container = root.path("spec").path("template").path("spec").path("containers").path(0);
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      if (e.has("value")) {
        env.put(name, expand(e.path("value").asText(), env));
      } else {
        String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
        String v = fieldRefs.get(field);
        if (v == null) {
          throw new IllegalArgumentException("env " + name + " needs fieldRef " + field + ", not supplied");
        }
        env.put(name, v);
      }
    }
    List<String> cmd = new ArrayList<>();
    for (JsonNode c : container.path("command")) {
      cmd.add(expand(c.asText(), env));
    }
    for (JsonNode a : container.path("args")) {
      cmd.add(expand(a.asText(), env));
    }
    return new PodSpec(List.copyOf(cmd), Map.copyOf(env), container);
  }

  /** The HTTP path of a probe (startupProbe, livenessProbe, readinessProbe). */
  String probePath(String probe) {
    String path = container.path(probe).path("httpGet").path("path").asText();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("the container has no httpGet " + probe);
    }
    return path;
  }

  static String expand(String s, Map<String, String> defined) {
    Matcher m = REF.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "$";
      } else {
        replacement = defined.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }
}
