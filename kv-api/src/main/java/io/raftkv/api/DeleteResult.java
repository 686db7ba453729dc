package io.raftkv.api;

/**
 * The outcome of a delete. JSON (a txn result): {@code {"op": "delete", "revision", "deleted", "prevKv"}};
 * {@code DELETE /v1/kv/{key}} sends {@link WriteResponse} or 404.
 *
 * @param revision the store's revision after the delete; unchanged when nothing was deleted
 * @param deleted whether the key existed
 * @param prevKv the deleted key-value, or {@code null} when nothing was deleted
 */
public record DeleteResult(long revision, boolean deleted, KeyValue prevKv) implements KvResult, OpResult {

  public DeleteResult {
    if (deleted != (prevKv != null)) {
      throw new IllegalArgumentException("prevKv must be present exactly when deleted");
    }
  }
}
