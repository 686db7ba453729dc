package io.raftkv.client;

/** HTTP 404 where absence is an error, e.g. deleting a key that does not exist. */
public final class KeyNotFoundException extends RaftKvException {

  private final String key;

  public KeyNotFoundException(String key) {
    super(404, "key not found: '" + key + "'", null);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
