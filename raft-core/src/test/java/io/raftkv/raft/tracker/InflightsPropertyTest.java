package io.raftkv.raft.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Inflights behaves like a bounded FIFO of ascending indexes. */
class InflightsPropertyTest {

  @Property(tries = 300)
  void matchesAQueueModel(@ForAll @IntRange(min = 1, max = 20) int capacity,
      @ForAll List<@IntRange(min = 0, max = 3) Integer> ops) {
    Inflights in = new Inflights(capacity);
    ArrayDeque<Long> model = new ArrayDeque<>();
    long next = 1;
    for (int op : ops) {
      switch (op) {
        case 0, 1 -> {
          if (model.size() < capacity) {
            in.add(next);
            model.add(next);
            next += 1 + op;
          }
        }
        case 2 -> {
          long to = model.isEmpty() ? next : model.peekFirst() + (next - model.peekFirst()) / 2;
          in.freeLE(to);
          model.removeIf(i -> i <= to);
        }
        default -> {
          in.freeFirstOne();
          model.pollFirst();
        }
      }
      assertThat(in.count()).isEqualTo(model.size());
      assertThat(in.full()).isEqualTo(model.size() == capacity);
    }
  }
}
