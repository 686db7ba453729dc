/**
 * Client workloads over the HTTP API with the JDK's HttpClient: registers
 * ({@link io.raftkv.chaos.workload.RegisterWorkload}), a grow-only set
 * ({@link io.raftkv.chaos.workload.SetWorkload}), bank transfers
 * ({@link io.raftkv.chaos.workload.BankWorkload}) and registers with multi-key writes under
 * reconnecting watchers ({@link io.raftkv.chaos.workload.WatchWorkload},
 * {@link io.raftkv.chaos.workload.WatchGroup}), each recording an operation history with
 * OK / FAIL (provably not applied) / UNKNOWN outcomes ({@link io.raftkv.chaos.workload.Answer}).
 */
package io.raftkv.chaos.workload;
