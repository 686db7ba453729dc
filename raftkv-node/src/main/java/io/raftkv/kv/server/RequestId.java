package io.raftkv.kv.server;

/**
 * Identifies one client write across the cluster: the proposing process' random prefix and a counter.
 * The node that proposed a write recognizes it when applying the entry, whichever node led the cluster.
 */
record RequestId(long process, long sequence) {}
