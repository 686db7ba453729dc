package io.raftkv.cli.bench;

import io.raftkv.cli.client.ClientDefaults;
import io.raftkv.cli.client.DurationConverter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of {@link TargetKind}s a {@link BenchCommand} accepts for {@code --target}. Immutable;
 * {@link #with} returns an extended copy, which is how the bench jar adds etcd to the same command.
 */
public final class TargetKinds {

  /** RaftKV through {@link io.raftkv.client.RaftKvClient}, on the local cluster of {@code raftkv local}. */
  public static final TargetKind RAFTKV = new TargetKind("raftkv",
      Arrays.asList(ClientDefaults.ENDPOINTS.split(",")), new DurationConverter().convert(ClientDefaults.TIMEOUT), true,
      RaftKvTarget::new);

  private final Map<String, TargetKind> kinds;

  private TargetKinds(Map<String, TargetKind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /** What raftkv-cli itself can drive: RaftKV. */
  public static TargetKinds builtIn() {
    return new TargetKinds(Map.of(RAFTKV.name(), RAFTKV));
  }

  public TargetKinds with(TargetKind kind) {
    if (kinds.containsKey(kind.name())) {
      throw new IllegalArgumentException("target " + kind.name() + " is already registered");
    }
    Map<String, TargetKind> more = new LinkedHashMap<>(kinds);
    more.put(kind.name(), kind);
    return new TargetKinds(more);
  }

  /** The kind named {@code name}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
  public TargetKind get(String name) {
    TargetKind kind = kinds.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown --target '" + name + "'; this build knows: "
          + String.join(", ", kinds.keySet().stream().sorted().toList()));
    }
    return kind;
  }

  /** A revision cache for the targets of one run (see {@link TargetKind.Factory#create}). */
  public static Map<String, Long> newRevisionCache() {
    return new ConcurrentHashMap<>();
  }
}
