/**
 * The lab: network namespaces on a private bridge ({@link io.raftkv.chaos.rig.NetLab}), iptables
 * inside them ({@link io.raftkv.chaos.rig.Firewall}), and node processes that can be killed, paused
 * and restarted ({@link io.raftkv.chaos.rig.LabProcess}). Every resource is named with the owning
 * JVM's pid ({@link io.raftkv.chaos.rig.LabNames}) so a later run removes what a killed run left.
 * Traffic stays inside the lab subnet {@code 10.77.X.0/24}; namespaces have no default route.
 */
package io.raftkv.chaos.rig;
