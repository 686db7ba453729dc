package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.List;
import java.util.random.RandomGenerator;

/** Each injection picks one of {@code choices} at random; heal undoes whichever was picked. */
public final class MixedNemesis implements Nemesis {

  private final String name;
  private final List<Nemesis> choices;
  private Nemesis current;

  public MixedNemesis(List<Nemesis> choices) {
    this("mixed", choices);
  }

  public MixedNemesis(String name, List<Nemesis> choices) {
    this.name = name;
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("mixed nemesis needs at least one choice");
    }
    this.choices = List.copyOf(choices);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    current = choices.get(random.nextInt(choices.size()));
    return current.name() + ": " + current.inject(cluster, random);
  }

  @Override
  public long membershipChanges() {
    return choices.stream().mapToLong(Nemesis::membershipChanges).sum();
  }

  @Override
  public void heal(LabCluster cluster) {
    if (current != null) {
      current.heal(cluster);
      current = null;
    }
  }
}
