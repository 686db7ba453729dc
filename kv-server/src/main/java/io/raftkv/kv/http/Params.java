package io.raftkv.kv.http;

import io.raftkv.api.Consistency;
import io.raftkv.api.ErrorKind;

/** Parsing of the query parameters shared by read endpoints. */
final class Params {

  private Params() {}

  /** {@code ?consistency=linearizable|serializable}; linearizable when absent. */
  static Consistency consistency(ApiRequest req) {
    String value = req.param("consistency");
    if (value == null || value.equalsIgnoreCase("linearizable")) {
      return Consistency.LINEARIZABLE;
    }
    if (value.equalsIgnoreCase("serializable")) {
      return Consistency.SERIALIZABLE;
    }
    throw new ApiException(ErrorKind.BAD_PARAMETER,
        "consistency must be 'linearizable' or 'serializable', got: " + value);
  }

  /** {@code ?limit=N} with {@code 1 <= N <= max}; {@code defaultLimit} when absent. */
  static int limit(ApiRequest req, int defaultLimit, int max) {
    return (int) boundedLong(req, "limit", defaultLimit, 1, max);
  }

  /** {@code ?name=N} with {@code min <= N <= max}; {@code defaultValue} when absent. */
  static long boundedLong(ApiRequest req, String name, long defaultValue, long min, long max) {
    String value = req.param(name);
    if (value == null) {
      return defaultValue;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be an integer, got: " + value);
    }
    if (n < min || n > max) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be between " + min + " and " + max + ", got: " + n);
    }
    return n;
  }

  /** {@code ?name=true|false}; false when absent. */
  static boolean bool(ApiRequest req, String name) {
    String value = req.param(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true") || value.isEmpty()) {
      return true;
    }
    throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be 'true' or 'false', got: " + value);
  }

  /** {@code ?name=30s|500ms|2m} (a positive number with unit ms, s or m); {@code defaultValue} when absent. */
  static java.time.Duration duration(ApiRequest req, String name, java.time.Duration defaultValue) {
    String value = req.param(name);
    if (value == null) {
      return defaultValue;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be a duration such as 30s, 500ms or 2m, got: "
          + value);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "s" -> java.time.Duration.ofSeconds(n);
      default -> java.time.Duration.ofMinutes(n);
    };
  }
}
