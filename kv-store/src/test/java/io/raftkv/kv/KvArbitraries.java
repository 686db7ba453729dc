package io.raftkv.kv;

import io.raftkv.api.Compare;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of commands over a small key space, so that keys collide and preconditions both pass and fail. */
final class KvArbitraries {

  private KvArbitraries() {}

  static Arbitrary<String> keys() {
    return Arbitraries.of("a", "b", "c", "dir/x", "dir/y", "dir/\u00e9", "dir/\uD83D\uDE00");
  }

  static Arbitrary<byte[]> values() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
  }

  static Arbitrary<Precondition> preconditions() {
    return Arbitraries.oneOf(
        Arbitraries.just(Precondition.NONE),
        Arbitraries.just(Precondition.ifAbsent()),
        Arbitraries.longs().between(0, 12).map(Precondition::ifMatch));
  }

  static Arbitrary<Compare> compares() {
    Arbitrary<Compare.Result> results = Arbitraries.of(Compare.Result.class);
    return Arbitraries.oneOf(
        Combinators.combine(keys(), results, values()).as(Compare::value),
        Combinators.combine(keys(), results, Arbitraries.longs().between(0, 4)).as(Compare::version),
        Combinators.combine(keys(), results, Arbitraries.longs().between(0, 12)).as(Compare::createRevision),
        Combinators.combine(keys(), results, Arbitraries.longs().between(-1, 12)).as(Compare::modRevision));
  }

  /** Prefixes and intervals over {@link #keys}: some match nothing, one matches everything. */
  static Arbitrary<KeyRange> ranges() {
    return Arbitraries.of(KeyRange.prefix("dir/"), KeyRange.prefix("a"), KeyRange.prefix("x"),
        KeyRange.interval("b", "d"), KeyRange.interval("c", null), KeyRange.interval("", "b"),
        KeyRange.prefix(""));
  }

  static Arbitrary<Op> ops() {
    return Arbitraries.oneOf(
        Combinators.combine(keys(), values()).as(Op.Put::new),
        keys().map(Op.Delete::new),
        keys().map(Op.Get::new),
        Combinators.combine(Arbitraries.of("", "d", "dir/", "a"), Arbitraries.integers().between(0, 3))
            .as(Op.Range::new),
        Combinators.combine(ranges(), Arbitraries.of(true, false)).as(Op.DeleteRange::new));
  }

  static Arbitrary<KvCommand> commands() {
    Arbitrary<List<Op>> opLists = ops().list().ofMaxSize(4);
    return Arbitraries.oneOf(
        Combinators.combine(keys(), values(), preconditions()).as(KvCommand.Put::new),
        Combinators.combine(keys(), preconditions()).as(KvCommand.Delete::new),
        Combinators.combine(compares().list().ofMaxSize(3), opLists, opLists).as(KvCommand.Txn::new));
  }
}
