package io.raftkv.server.events;

/**
 * One event as a subscriber receives it.
 *
 * @param sequence the node's event sequence number ({@link EventHub#nextSequence()}): unique per node and
 *     increasing in publication order
 * @param timeMillis wall-clock time of publication (epoch ms)
 */
public record Published(long sequence, long timeMillis, DriverEvent event) {}
