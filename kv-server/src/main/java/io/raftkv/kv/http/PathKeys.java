package io.raftkv.kv.http;

import io.raftkv.api.ErrorKind;
import io.raftkv.api.Keys;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the tail of {@code /v1/kv/{key}} into a key: strict percent-decoding (RFC 3986 §2.1) to bytes, then
 * strict UTF-8. Unlike form decoding, '+' stays '+'; '/' (raw or %2F) is an ordinary key character. Raw
 * non-ASCII bytes, which Netty hands over one char per byte, are taken as UTF-8 too.
 */
final class PathKeys {

  private PathKeys() {}

  static String decodeKey(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw new ApiException(ErrorKind.BAD_KEY, "truncated percent-escape in key");
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new ApiException(ErrorKind.BAD_KEY, "invalid percent-escape '" + encoded.substring(i, i + 3)
              + "' in key");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0xFF) {
        throw new ApiException(ErrorKind.BAD_KEY, "key must be percent-encoded UTF-8");
      } else {
        bytes.write(c);
      }
    }
    String key;
    try {
      key = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(ErrorKind.BAD_KEY, "key is not valid UTF-8");
    }
    try {
      return Keys.requireValidKey(key);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.BAD_KEY, e.getMessage());
    }
  }
}
