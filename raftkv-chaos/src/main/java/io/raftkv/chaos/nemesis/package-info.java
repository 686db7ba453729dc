/**
 * Faults: kill -9 and restart ({@link io.raftkv.chaos.nemesis.KillNemesis}), SIGSTOP/SIGCONT
 * ({@link io.raftkv.chaos.nemesis.PauseNemesis}), partitions from iptables DROP rules inside the
 * namespaces ({@link io.raftkv.chaos.nemesis.PartitionNemesis}, shapes in
 * {@link io.raftkv.chaos.nemesis.Grudge}), random packet loss
 * ({@link io.raftkv.chaos.nemesis.LossNemesis}) and a random mix, alternated with quiet periods by
 * {@link io.raftkv.chaos.nemesis.NemesisSchedule}. Delay and reordering (which need tc netem or a
 * userspace proxy) are not implemented.
 */
package io.raftkv.chaos.nemesis;
