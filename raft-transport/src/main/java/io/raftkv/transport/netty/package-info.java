/**
 * The TCP transport. Classes by concern (STYLE §b.11): bootstrap and lifecycle
 * ({@link io.raftkv.transport.netty.NettyTransport}, {@link io.raftkv.transport.netty.IoResources}),
 * framing ({@link io.raftkv.transport.netty.FrameCodec}), inbound checks and dispatch
 * ({@link io.raftkv.transport.netty.InboundChannelInitializer},
 * {@link io.raftkv.transport.netty.InboundDispatcher}), outbound connections
 * ({@link io.raftkv.transport.netty.PeerConnection}, {@link io.raftkv.transport.netty.OutboundQueue},
 * {@link io.raftkv.transport.netty.Backoff}).
 *
 * <p>Wire format: each frame is a 4-byte big-endian length N (at most {@code maxFrameBytes}, default
 * 32 MiB) followed by N bytes of a protobuf {@code Envelope}: cluster id, sender id, recipient id, term,
 * and a one-of body mirroring one Message record. There is no handshake: every frame is checked on its
 * own, so a connection can never "become" trusted.
 *
 * <p>Snapshot chunks vs. heartbeats: both share the peer's FIFO connection (per-peer order is part of
 * the contract). To keep a heartbeat from waiting behind many megabytes, a drain flushes as soon as
 * {@code flushThresholdBytes} (64 KiB) are pending, so each 1 MiB chunk goes to the socket on its own,
 * and stops writing when Netty's buffer passes its 2 MiB high water mark; the rest waits in the bounded
 * queue. A heartbeat thus waits for at most the water mark plus the socket buffer, plus whatever the
 * leader itself queued before it; the leader should keep few chunks in flight (e.g. the next chunk only
 * on an InstallSnapshotResponse, Figure 13).
 */
package io.raftkv.transport.netty;
