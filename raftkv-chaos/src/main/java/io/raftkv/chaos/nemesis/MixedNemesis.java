package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.List;
import java.util.random.RandomGenerator;

/** Each injection picks one of {@code choices} at random; heal undoes whichever was picked. */
public final class MixedNemesis implements Nemesis {

  private final List<Nemesis> choices;
  private Nemesis current;

  public MixedNemesis(List<Nemesis> choices) {
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("mixed nemesis needs at least one choice");
    }
    this.choices = List.copyOf(choices);
  }

  @Override
  public String name() {
    return "mixed";
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    current = choices.get(random.nextInt(choices.size()));
    return current.name() + ": " + current.inject(cluster, random);
  }

  @Override
  public void heal(LabCluster cluster) {
    if (current != null) {
      current.heal(cluster);
      current = null;
    }
  }
}
