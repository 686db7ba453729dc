package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientCostTest {

  @Test
  void dividesTheDifferenceOfTheSamplesByTheOperations() {
    BenchReport.Client client = ClientCost.of(1_000_000, 5_000_000, 10_000, 410_000, 100);

    assertThat(client.cpuMicrosPerOp()).isEqualTo(40.0);
    assertThat(client.allocatedBytesPerOp()).isEqualTo(4000.0);
  }

  @Test
  void reportsMinusOneWithoutOperationsOrWithoutASample() {
    assertThat(ClientCost.of(0, 10, 0, 10, 0)).isEqualTo(new BenchReport.Client(-1, -1));
    assertThat(ClientCost.of(-1, -1, 0, 10, 5)).isEqualTo(new BenchReport.Client(-1, 2.0));
  }

  @Test
  void aRealSampleCountsWorkDoneAfterIt() {
    ClientCost cost = ClientCost.start();
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[16 << 10];
    }

    BenchReport.Client client = cost.perOperation(garbage.length);

    assertThat(client.allocatedBytesPerOp()).isGreaterThanOrEqualTo(16 << 10);
    assertThat(garbage[garbage.length - 1]).hasSize(16 << 10);
  }
}
