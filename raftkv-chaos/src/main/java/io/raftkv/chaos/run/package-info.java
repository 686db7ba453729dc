/**
 * Chaos runs end to end: {@link io.raftkv.chaos.run.ChaosRun} (one experiment), the run matrices
 * ({@link io.raftkv.chaos.run.Profiles}), and the markdown report
 * ({@link io.raftkv.chaos.run.ChaosReport}, written to {@code raftkv-chaos/target/chaos-report.md}).
 *
 * <p>How to run (as root; {@code iptables} and {@code ip netns} needed, else the tests skip):
 * <ul>
 *   <li>quick profile, part of {@code mvn test}: {@code mvn -o -B -pl raftkv-chaos test
 *       -Dtest=ChaosQuickTest} (needs {@code raftkv-cli/target/raftkv.jar}; in the full reactor it is
 *       built first);
 *   <li>long profile: {@code mvn -o -B -pl raftkv-chaos test -Dtest=ChaosLongTest
 *       -Draftkv.chaos.profile=long [-Draftkv.chaos.seeds=3] [-Draftkv.chaos.duration=180]
 *       [-Draftkv.chaos.matrix=full] [-Draftkv.chaos.nodes=3,5] [-Draftkv.chaos.nemeses=kill-leader,mixed]
 *       [-Draftkv.chaos.workloads=bank]};
 *   <li>checker bite tests: {@code -Dtest=StaleReadDetectionTest} (server flag
 *       {@code --unsafe-local-reads}), {@code -Dtest=WatchGapDetectionTest} (a watcher that loses one event).
 * </ul>
 * Each run leaves its node logs, data directories, {@code history.json}, {@code check.txt} and, for watch runs, {@code watch.txt} under
 * {@code raftkv-chaos/target/chaos-runs/<nodes>n-<nemesis>-<workload>-s<seed>/}.
 */
package io.raftkv.chaos.run;
