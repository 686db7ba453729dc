package io.raftkv.api;

import java.util.Objects;

/**
 * One change a watch reports (etcd's mvccpb.Event). JSON: {@code {"type": "put"|"delete", "kv": {...},
 * "prevKv": {...}}}; a delete's {@code kv} carries the key and the delete's revision as modRevision, with
 * an empty value and version 0; {@code prevKv} only when the watch asked for it and the previous version
 * is still kept.
 *
 * @param prevKv the key's state just before this change, or {@code null}
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

  /** What happened to the key. */
  public enum Type {
    PUT, DELETE
  }

  public WatchEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kv, "kv");
  }
}
