package io.raftkv.chaos.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The value an OK read observed. Only reads carry a reply: {@link Value} for {@link Call.Read},
 * {@link Elements} for {@link Call.SetRead}, {@link Balances} for {@link Call.BankRead}.
 * Collections are copied into sorted, unmodifiable form so that equal observations compare equal
 * and serialize identically.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Reply.Value.class, name = "value"),
  @JsonSubTypes.Type(value = Reply.Elements.class, name = "elements"),
  @JsonSubTypes.Type(value = Reply.Balances.class, name = "balances")
})
public sealed interface Reply {

  /** The register's value; {@code null} means the key was absent (e.g. the read got a 404). */
  record Value(String value) implements Reply {
    public static Value absent() {
      return new Value(null);
    }

    @Override
    public String toString() {
      return value == null ? "<absent>" : value;
    }
  }

  /** Every element of a set, as one read-all returned it. */
  record Elements(Set<String> elements) implements Reply {
    public Elements {
      Objects.requireNonNull(elements, "elements");
      elements = Collections.unmodifiableSet(new TreeSet<>(elements));
    }

    @Override
    public String toString() {
      return elements.toString();
    }
  }

  /** Every account's balance, as one read transaction returned them. */
  record Balances(Map<String, Long> balances) implements Reply {
    public Balances {
      Objects.requireNonNull(balances, "balances");
      balances.forEach((k, v) -> Objects.requireNonNull(v, "balance of " + k));
      balances = Collections.unmodifiableMap(new TreeMap<>(balances));
    }

    @Override
    public String toString() {
      return balances.toString();
    }
  }
}
