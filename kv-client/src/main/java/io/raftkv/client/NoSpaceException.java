package io.raftkv.client;

/**
 * HTTP 507 {@code no_space}: the write would take the store past its quota ({@code --quota-bytes}) and was
 * not applied. Retrying will not help until keys are deleted or history is compacted.
 */
public final class NoSpaceException extends RaftKvException {

  public NoSpaceException(String message) {
    super(507, message, null);
  }
}
