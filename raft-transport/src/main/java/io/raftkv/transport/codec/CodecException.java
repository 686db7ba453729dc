package io.raftkv.transport.codec;

/** A frame decoded as protobuf but does not describe a valid Raft message (e.g. no body, unknown enum). */
public final class CodecException extends Exception {

  public CodecException(String message) {
    super(message);
  }
}
