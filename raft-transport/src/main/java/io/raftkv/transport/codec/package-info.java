/**
 * Mapping between the {@link io.raftkv.raft.proto.Message} records and the protobuf schema
 * {@code raft_transport.proto} (generated classes in {@code io.raftkv.transport.codec.pb}). Pure
 * functions, no I/O; framing on a byte stream is the Netty layer's business.
 */
package io.raftkv.transport.codec;
