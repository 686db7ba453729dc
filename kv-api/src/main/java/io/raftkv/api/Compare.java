package io.raftkv.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One guard of a transaction: compares a key's value, version, createRevision or modRevision with a
 * constant. JSON: {@code {"key", "target", "result", "<target>": operand}}.
 *
 * <p>Absent keys follow etcd: their version and revisions are 0, and any comparison of an absent key's value
 * is false (so {@code VALUE NOT_EQUAL x} is false for an absent key). Values compare as unsigned bytes. The
 * state machine evaluates it; this record only carries it.
 *
 * @param number the operand for VERSION, CREATE_REVISION and MOD_REVISION (0 for VALUE)
 * @param value the operand for VALUE (empty otherwise)
 */
public record Compare(String key, Target target, Result result, long number, byte[] value) {

  /** What of the key is compared; {@link #wireName()} is both the JSON target and the operand's field. */
  public enum Target {
    VALUE("value"), VERSION("version"), CREATE_REVISION("createRevision"), MOD_REVISION("modRevision");

    private final String wireName;

    Target(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** How the key's current state must relate to the operand. */
  public enum Result {
    EQUAL("equal"), NOT_EQUAL("notEqual"), GREATER("greater"), LESS("less");

    private final String wireName;

    Result(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public Compare {
    Keys.requireValidKey(key);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(result, "result");
    if (target == Target.VALUE) {
      Bytes.requireNonNull(value, "value");
      if (number != 0) {
        throw new IllegalArgumentException("a VALUE compare takes a value, not a number");
      }
    } else {
      if (value != null && value.length > 0) {
        throw new IllegalArgumentException("a " + target + " compare takes a number, not a value");
      }
      value = Bytes.EMPTY;
    }
  }

  public static Compare value(String key, Result result, byte[] value) {
    return new Compare(key, Target.VALUE, result, 0, value);
  }

  public static Compare version(String key, Result result, long version) {
    return new Compare(key, Target.VERSION, result, version, null);
  }

  public static Compare createRevision(String key, Result result, long revision) {
    return new Compare(key, Target.CREATE_REVISION, result, revision, null);
  }

  public static Compare modRevision(String key, Result result, long revision) {
    return new Compare(key, Target.MOD_REVISION, result, revision, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Compare c && key.equals(c.key) && target == c.target && result == c.result
        && number == c.number && Arrays.equals(value, c.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, target, result, number, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "Compare{" + key + " " + target + " " + result + " "
        + (target == Target.VALUE ? Bytes.describe(value) : Long.toString(number)) + "}";
  }
}
