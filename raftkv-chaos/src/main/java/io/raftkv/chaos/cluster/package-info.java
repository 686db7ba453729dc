/**
 * A cluster of node processes in a lab ({@link io.raftkv.chaos.cluster.LabCluster}), launched as the
 * real {@code raftkv.jar server} ({@link io.raftkv.chaos.cluster.RaftKvLauncher}) found by
 * {@link io.raftkv.chaos.cluster.ServerJar}.
 */
package io.raftkv.chaos.cluster;
