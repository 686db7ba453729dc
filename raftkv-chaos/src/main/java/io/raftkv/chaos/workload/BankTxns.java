package io.raftkv.chaos.workload;

import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.Compare;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Op;
import io.raftkv.api.OpResult;
import io.raftkv.api.TxnRequest;
import io.raftkv.api.TxnResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bank workload's two transactions, as kv-api records (kv-api's {@link ApiJson} writes and reads the
 * wire form, the same codec the server uses): a read of every account, and a transfer that writes new
 * balances only if every account's modRevision is unchanged.
 */
final class BankTxns {

  /** An account as a transaction's get returned it. */
  record Got(String value, long modRevision) {}

  private BankTxns() {}

  /** Gets of every key, no comparison: one atomic snapshot through the log. */
  static TxnRequest readAll(List<String> keys) {
    TxnRequest.Builder txn = TxnRequest.builder();
    keys.forEach(k -> txn.then(new Op.Get(k)));
    return txn.build();
  }

  /** Puts {@code values} if every key's modRevision still equals {@code revisions} (0 = absent). */
  static TxnRequest putIfUnchanged(Map<String, Long> revisions, Map<String, String> values) {
    TxnRequest.Builder txn = TxnRequest.builder();
    revisions.forEach((k, rev) -> txn.when(Compare.modRevision(k, Compare.Result.EQUAL, rev)));
    values.forEach((k, v) -> txn.then(new Op.Put(k, v.getBytes(StandardCharsets.UTF_8))));
    return txn.build();
  }

  /** Parses a 200 answer of {@code POST /v1/txn}. */
  static TxnResult parse(byte[] body) throws IOException {
    try {
      return ApiJson.readTxnResult(ApiJson.readTree(body, ErrorKind.INTERNAL));
    } catch (ApiJsonException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The keys a transaction's gets found, with their values (UTF-8) and modRevisions; absent keys are left out. */
  static Map<String, Got> gets(TxnResult result) {
    Map<String, Got> gets = new LinkedHashMap<>();
    for (OpResult r : result.results()) {
      if (r instanceof GetResult g && g.kv() != null) {
        KeyValue kv = g.kv();
        gets.put(kv.key(), new Got(kv.valueAsString(), kv.modRevision()));
      }
    }
    return gets;
  }
}
