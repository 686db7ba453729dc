package io.raftkv.kv;

import io.raftkv.api.WatchEvent;

/** Which events a watch leaves out (etcd's NOPUT/NODELETE filters). */
public enum WatchFilter {
  NONE, NOPUT, NODELETE;

  boolean passes(WatchEvent.Type type) {
    return switch (this) {
      case NONE -> true;
      case NOPUT -> type != WatchEvent.Type.PUT;
      case NODELETE -> type != WatchEvent.Type.DELETE;
    };
  }
}
