package io.raftkv.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The invocation half of an operation: its kind and arguments, as the client sent them.
 *
 * <p>Register calls ({@link Read}, {@link Write}, {@link Delete}, {@link Cas}) act on one key of the
 * KV store; writes must use values that are unique across the history (the checker relies on it
 * to resolve UNKNOWN writes). Set calls act on one set, stored under {@code set}; bank calls act on
 * all accounts at once, so a bank history is checked as a single partition.
 *
 * <p>In JSON each call carries a {@code "type"} discriminator, e.g. {@code {"type":"cas",
 * "key":"k1","expected":"v3","value":"v9"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Call.Read.class, name = "read"),
  @JsonSubTypes.Type(value = Call.Write.class, name = "write"),
  @JsonSubTypes.Type(value = Call.Delete.class, name = "delete"),
  @JsonSubTypes.Type(value = Call.Cas.class, name = "cas"),
  @JsonSubTypes.Type(value = Call.SetAdd.class, name = "set-add"),
  @JsonSubTypes.Type(value = Call.SetRead.class, name = "set-read"),
  @JsonSubTypes.Type(value = Call.BankInit.class, name = "bank-init"),
  @JsonSubTypes.Type(value = Call.Transfer.class, name = "transfer"),
  @JsonSubTypes.Type(value = Call.BankRead.class, name = "bank-read")
})
public sealed interface Call {

  /** True for calls whose OK outcome carries an observed value ({@link Reply}). */
  @JsonIgnore
  boolean isRead();

  /** Reads the register at {@code key}; an OK read replies {@link Reply.Value}. */
  record Read(String key) implements Call {
    public Read {
      requireName(key, "key");
    }

    @Override
    public boolean isRead() {
      return true;
    }

    @Override
    public String toString() {
      return "read(" + key + ")";
    }
  }

  /** Sets the register at {@code key} to {@code value} (unique per history). */
  record Write(String key, String value) implements Call {
    public Write {
      requireName(key, "key");
      Objects.requireNonNull(value, "write value (use Delete to remove a key)");
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "write(" + key + ", " + value + ")";
    }
  }

  /** Removes the register at {@code key}; afterwards reads observe an absent value. */
  record Delete(String key) implements Call {
    public Delete {
      requireName(key, "key");
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "delete(" + key + ")";
    }
  }

  /**
   * Compare-and-set: if the register holds {@code expected} (null meaning absent), set it to
   * {@code value}. A 412 answer is recorded as FAIL.
   */
  record Cas(String key, String expected, String value) implements Call {
    public Cas {
      requireName(key, "key");
      Objects.requireNonNull(value, "cas new value");
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "cas(" + key + ", " + (expected == null ? "<absent>" : expected) + " -> " + value + ")";
    }
  }

  /** Adds a unique {@code element} to the set stored under {@code set}. */
  record SetAdd(String set, String element) implements Call {
    public SetAdd {
      requireName(set, "set");
      Objects.requireNonNull(element, "element");
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "add(" + set + ", " + element + ")";
    }
  }

  /** Reads all elements of the set stored under {@code set}; replies {@link Reply.Elements}. */
  record SetRead(String set) implements Call {
    public SetRead {
      requireName(set, "set");
    }

    @Override
    public boolean isRead() {
      return true;
    }

    @Override
    public String toString() {
      return "read-all(" + set + ")";
    }
  }

  /**
   * The transaction that creates the bank accounts with their opening balances. A bank history
   * must start with one OK BankInit; its total is the invariant every balance read must show.
   */
  record BankInit(Map<String, Long> balances) implements Call {
    public BankInit {
      Objects.requireNonNull(balances, "balances");
      if (balances.isEmpty()) {
        throw new IllegalArgumentException("bank-init needs at least one account");
      }
      balances.forEach((account, balance) -> {
        requireName(account, "account");
        Objects.requireNonNull(balance, "balance of " + account);
      });
      balances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(balances));
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "bank-init(" + balances + ")";
    }
  }

  /** Moves {@code amount} from one account to another in a single transaction. */
  record Transfer(String from, String to, long amount) implements Call {
    public Transfer {
      requireName(from, "from");
      requireName(to, "to");
      if (from.equals(to)) {
        throw new IllegalArgumentException("transfer from an account to itself: " + from);
      }
      if (amount <= 0) {
        throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
      }
    }

    @Override
    public boolean isRead() {
      return false;
    }

    @Override
    public String toString() {
      return "transfer(" + from + " -> " + to + ", " + amount + ")";
    }
  }

  /** Reads every account's balance in one transaction; replies {@link Reply.Balances}. */
  record BankRead() implements Call {
    @Override
    public boolean isRead() {
      return true;
    }

    @Override
    public String toString() {
      return "read-balances()";
    }
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " must be a non-empty string");
    }
  }
}
