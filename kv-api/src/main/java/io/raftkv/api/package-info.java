/**
 * The one model of RaftKV's client API (docs/API.md): the records a request or an answer carries, the JSON
 * codec {@link io.raftkv.api.ApiJson}, and the error kinds with their HTTP statuses
 * ({@link io.raftkv.api.ErrorKind}).
 *
 * <p>Used unchanged by the state machine (kv-store computes these records when it applies a command), the
 * HTTP server (which renders them), the Java client (which parses them) and the chaos suite (which builds
 * and reads transactions with the same codec). So a field renamed here is renamed everywhere at once, and
 * the codec tests, written against the literal JSON of docs/API.md, fail.
 *
 * <p>The records check their shape and the key rules of {@link io.raftkv.api.Keys} (so a record that exists
 * is well formed, including one decoded from the Raft log); limits a node may configure (value size,
 * transaction size) are checked by the server and the store, not here.
 */
package io.raftkv.api;
