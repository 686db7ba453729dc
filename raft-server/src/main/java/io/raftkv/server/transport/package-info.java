/**
 * The peer transport SPI: {@link io.raftkv.server.transport.Transport} moves {@link io.raftkv.raft.proto.Message}s
 * between cluster members and hands incoming ones to an {@link io.raftkv.server.transport.InboundHandler}.
 *
 * <p>Contract in brief: {@code send} never blocks and may drop (Raft retransmits, §5.3); drops caused by
 * an unreachable peer are reported through {@code onUnreachable}, coalesced and never on the sending
 * thread; messages between one pair arrive in send order or not at all; handler callbacks run on
 * transport threads and must only enqueue.
 *
 * <p>Implementations: {@code InMemoryTransport} on an {@code InMemoryNetwork} (this module's test-jar:
 * partitions, loss, delay) and {@code io.raftkv.transport.netty.NettyTransport} (raft-transport, TCP).
 * Both pass the same contract suite, {@code TransportContractTest}, also in the test-jar.
 */
package io.raftkv.server.transport;
