/**
 * Client workloads over the HTTP API with the JDK's HttpClient: registers
 * ({@link io.raftkv.chaos.workload.RegisterWorkload}), a grow-only set
 * ({@link io.raftkv.chaos.workload.SetWorkload}) and bank transfers
 * ({@link io.raftkv.chaos.workload.BankWorkload}), each recording an operation history with
 * OK / FAIL (provably not applied) / UNKNOWN outcomes ({@link io.raftkv.chaos.workload.Answer}).
 */
package io.raftkv.chaos.workload;
