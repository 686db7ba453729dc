/**
 * Java client of RaftKV's HTTP API.
 *
 * <pre>{@code
 * try (RaftKvClient client = RaftKvClient.builder()
 *     .endpoints("http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083")
 *     .build()) {                                        // HTTP/2 cleartext, 1 connection per endpoint
 *   long rev = client.put("config/mode", "fast").revision();
 *   VersionedValue v = client.get("config/mode").orElseThrow();
 *   client.put("config/mode", "safe".getBytes(UTF_8), Precondition.ifMatch(v.modRevision())); // CAS
 *   client.getAsync("config/mode", Consistency.SERIALIZABLE).thenAccept(...);               // async
 * }
 * }</pre>
 *
 * <p>Error model: {@link io.raftkv.client.PreconditionFailedException} (412, carries the current
 * modRevision), {@link io.raftkv.client.KeyNotFoundException} (404 on delete; get returns empty),
 * {@link io.raftkv.client.TooManyRequestsException} (429), {@link io.raftkv.client.BadRequestException}
 * (400/405/413), {@link io.raftkv.client.UnavailableException} (no endpoint could take it; not applied),
 * {@link io.raftkv.client.OutcomeUnknownException} (a write may have been applied; never resent
 * automatically). The transport lives in {@code io.raftkv.client.http}; the records ({@code Precondition},
 * {@code TxnRequest}, {@code TxnResult}, {@code RangeResult}, {@code ClusterStatus}, ...) are kv-api's
 * ({@code io.raftkv.api}), shared with the server.
 */
package io.raftkv.client;
