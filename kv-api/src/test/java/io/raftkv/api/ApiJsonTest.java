package io.raftkv.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every record's JSON against the literal JSON of docs/API.md: the encoder must produce exactly the
 * document's field names in the document's order, and the decoder must read the document's example back
 * into the expected record. A renamed or reordered field fails here before it reaches a client.
 */
class ApiJsonTest {

  /** The three JSON blocks of docs/API.md, verbatim. */
  static final String TXN_REQUEST = """
      {
        "compare": [
          {"key": "acct/a", "target": "value", "result": "equal", "value": "MTAw"},
          {"key": "acct/a", "target": "modRevision", "result": "less", "modRevision": 50},
          {"key": "lock", "target": "version", "result": "equal", "version": 0}
        ],
        "success": [
          {"op": "put", "key": "acct/a", "value": "OTA="},
          {"op": "delete", "key": "lock"},
          {"op": "get", "key": "acct/a"},
          {"op": "range", "prefix": "acct/", "limit": 100}
        ],
        "failure": [
          {"op": "get", "key": "acct/a"}
        ]
      }
      """;

  static final String TXN_RESULT = """
      {
        "succeeded": true,
        "revision": 51,
        "results": [
          {"op": "put", "revision": 51, "modRevision": 51, "createRevision": 7, "version": 3},
          {"op": "delete", "revision": 51, "deleted": true, "prevKv": {"key": "lock", "value": "", "createRevision": 44, "modRevision": 44, "version": 1}},
          {"op": "get", "revision": 51, "kv": {"key": "acct/a", "value": "OTA=", "createRevision": 7, "modRevision": 51, "version": 3}},
          {"op": "range", "revision": 51, "kvs": [], "more": false}
        ]
      }
      """;

  /** docs/API.md's range delete in a transaction, request and answer. */
  static final String TXN_DELETE_RANGE = """
      {"compare": [], "success": [
        {"op": "delete", "prefix": "tmp/"},
        {"op": "delete", "start": "job/0100", "end": "job/0200", "prevKv": true}
      ], "failure": []}
      """;

  static final String TXN_DELETE_RANGE_RESULT = """
      {"succeeded": true, "revision": 60, "results": [
        {"op": "delete", "revision": 60, "deleted": 12, "prevKvs": []},
        {"op": "delete", "revision": 60, "deleted": 1, "prevKvs": [{"key": "job/0150", "value": "ZG9uZQ==", "createRevision": 55, "modRevision": 58, "version": 2}]}
      ]}
      """;

  static final String CLUSTER_STATUS = """
      {
        "clusterId": "c-1", "nodeId": "n1", "leaderId": "n2", "term": 4, "commitIndex": 120, "appliedIndex": 120,
        "members": [
          {"id": "n1", "peerAddress": "10.0.0.1:7000", "clientUrl": "http://10.0.0.1:8080", "role": "follower",
           "matchIndex": -1, "nextIndex": -1, "state": "unknown"}
        ]
      }
      """;

  private static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  private static JsonNode tree(String json) {
    return ApiJson.readTree(json.getBytes(UTF_8), ErrorKind.BAD_JSON);
  }

  /** Same fields, same order, same values: compares the compact serializations. */
  private static void assertSameJson(JsonNode actual, String literal) {
    assertThat(new String(ApiJson.toBytes(actual), UTF_8)).isEqualTo(new String(ApiJson.toBytes(tree(literal)), UTF_8));
  }

  private static final TxnRequest EXAMPLE_TXN = new TxnRequest(
      List.of(Compare.value("acct/a", Compare.Result.EQUAL, b64("MTAw")),
          Compare.modRevision("acct/a", Compare.Result.LESS, 50),
          Compare.version("lock", Compare.Result.EQUAL, 0)),
      List.of(new Op.Put("acct/a", b64("OTA=")), new Op.Delete("lock"), new Op.Get("acct/a"),
          new Op.Range("acct/", 100)),
      List.of(new Op.Get("acct/a")));

  private static final TxnResult EXAMPLE_RESULT = new TxnResult(true, 51, List.of(
      new PutResult(51, 51, 7, 3),
      new DeleteResult(51, true, new KeyValue("lock", new byte[0], 44, 44, 1)),
      new GetResult(new KeyValue("acct/a", b64("OTA="), 7, 51, 3), 51),
      new RangeResult(List.of(), false, 51)));

  @Test
  void txnRequestMatchesTheDocument() {
    assertSameJson(ApiJson.txnRequestJson(EXAMPLE_TXN), TXN_REQUEST);
    assertThat(ApiJson.readTxnRequest(TXN_REQUEST.getBytes(UTF_8), 1 << 20, 128)).isEqualTo(EXAMPLE_TXN);
  }

  @Test
  void txnResultMatchesTheDocument() {
    assertSameJson(ApiJson.txnResultJson(EXAMPLE_RESULT), TXN_RESULT);
    assertThat(ApiJson.readTxnResult(tree(TXN_RESULT))).isEqualTo(EXAMPLE_RESULT);
  }

  @Test
  void aRangeDeleteInATxnMatchesTheDocument() {
    TxnRequest txn = new TxnRequest(List.of(), List.of(new Op.DeleteRange(KeyRange.prefix("tmp/"), false),
        new Op.DeleteRange(KeyRange.interval("job/0100", "job/0200"), true)), List.of());
    assertSameJson(ApiJson.txnRequestJson(txn), TXN_DELETE_RANGE);
    assertThat(ApiJson.readTxnRequest(TXN_DELETE_RANGE.getBytes(UTF_8), 1 << 20, 128)).isEqualTo(txn);
    TxnResult result = new TxnResult(true, 60, List.of(new DeleteRangeResult(60, 12),
        new DeleteRangeResult(60, 1, List.of(new KeyValue("job/0150", b64("ZG9uZQ=="), 55, 58, 2)))));
    assertSameJson(ApiJson.txnResultJson(result), TXN_DELETE_RANGE_RESULT);
    assertThat(ApiJson.readTxnResult(tree(TXN_DELETE_RANGE_RESULT))).isEqualTo(result);
    // start omitted = from the first key; end omitted = to the end of the key space.
    assertThat(ApiJson.readTxnRequest("{\"failure\": [{\"op\": \"delete\", \"end\": \"m\"}, {\"op\": \"delete\", \"start\": \"m\"}]}"
        .getBytes(UTF_8), 1 << 20, 128).failure()).containsExactly(new Op.DeleteRange(KeyRange.interval("", "m"), false),
        new Op.DeleteRange(KeyRange.interval("m", null), false));
  }

  @Test
  void aRangeDeleteNeedsExactlyOneSelection() {
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"prefix\": \"a\", \"start\": \"b\"}]}",
        "exactly one of 'key', 'prefix' or 'start'/'end'");
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"key\": \"a\", \"end\": \"b\"}]}",
        "exactly one of 'key', 'prefix' or 'start'/'end'");
    assertBadJson("{\"success\": [{\"op\": \"delete\"}]}", "exactly one of 'key', 'prefix' or 'start'/'end'");
    assertBadJson("{\"failure\": [{\"op\": \"delete\", \"start\": \"a\", \"end\": \"\"}]}",
        "'end' must not be empty");
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"prefix\": 7}]}", "'prefix' must be a string");
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"prefix\": \"a\", \"prevKv\": \"yes\"}]}",
        "'prevKv' must be true or false");
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"key\": \"a\", \"prevKv\": true}]}",
        "'prevKv' is for a range delete");
    assertBadJson("{\"success\": [{\"op\": \"delete\", \"prefix\": \"a\", \"limit\": 3}]}",
        "unknown field 'limit'");
  }

  @Test
  void aRangeDeleteAnswerCountsItsPrevKvs() {
    assertThatThrownBy(() -> ApiJson.readTxnResult(tree("{\"succeeded\": true, \"revision\": 1, \"results\": "
        + "[{\"op\": \"delete\", \"revision\": 1, \"deleted\": 0, \"prevKvs\": [{\"key\": \"k\", \"value\": \"\", "
        + "\"createRevision\": 1, \"modRevision\": 1, \"version\": 1}]}]}"))).hasMessageContaining("count every prevKv");
    assertThatThrownBy(() -> ApiJson.readTxnResult(tree("{\"succeeded\": true, \"revision\": 1, \"results\": "
        + "[{\"op\": \"delete\", \"revision\": 1, \"deleted\": 2}]}"))).hasMessageContaining("'prevKvs'");
  }

  @Test
  void absentKeysInATxnResultAreNull() {
    // "A get of an absent key has "kv": null; a delete of an absent key has "deleted": false, "prevKv": null."
    String literal = """
        {"succeeded": false, "revision": 9, "results": [
          {"op": "get", "revision": 9, "kv": null},
          {"op": "delete", "revision": 9, "deleted": false, "prevKv": null}]}
        """;
    TxnResult result = new TxnResult(false, 9, List.of(new GetResult(null, 9), new DeleteResult(9, false, null)));
    assertSameJson(ApiJson.txnResultJson(result), literal);
    assertThat(ApiJson.readTxnResult(tree(literal))).isEqualTo(result);
  }

  @Test
  void clusterStatusMatchesTheDocument() {
    ClusterStatus status = new ClusterStatus("c-1", "n1", "n2", 4, 120, 120, List.of(new ClusterStatus.Member(
        "n1", "10.0.0.1:7000", "http://10.0.0.1:8080", "follower", -1, -1, "unknown")));
    assertSameJson(ApiJson.clusterStatusJson(status), CLUSTER_STATUS);
    ClusterStatus read = ApiJson.readClusterStatus(tree(CLUSTER_STATUS));
    assertThat(read).isEqualTo(status);
    assertThat(read.leader()).contains("n2");
    assertThat(read.answeredByLeader()).isFalse();
    assertThat(read.members().get(0).knownMatchIndex()).isEmpty();
  }

  @Test
  void noLeaderIsNull() {
    ClusterStatus status = new ClusterStatus("c-1", "n1", null, 4, 0, 0, List.of());
    String literal = """
        {"clusterId": "c-1", "nodeId": "n1", "leaderId": null, "term": 4, "commitIndex": 0, "appliedIndex": 0,
         "members": []}
        """;
    assertSameJson(ApiJson.clusterStatusJson(status), literal);
    assertThat(ApiJson.readClusterStatus(tree(literal)).leader()).isEmpty();
  }

  @Test
  void rangeAndKeyValueMatchTheDocument() {
    // {"revision": R, "kvs": [...], "more": bool, "next": "<last key>" when more}, each entry
    // {"key": "...", "value": "<base64>", "createRevision": n, "modRevision": n, "version": n}
    String literal = """
        {"revision": 12, "kvs": [{"key": "a/1", "value": "dg==", "createRevision": 3, "modRevision": 12, "version": 2}],
         "more": true, "next": "a/1"}
        """;
    RangeResult range = new RangeResult(List.of(new KeyValue("a/1", "v".getBytes(UTF_8), 3, 12, 2)), true, 12);
    assertSameJson(ApiJson.rangeJson(range), literal);
    assertThat(ApiJson.readRange(tree(literal))).isEqualTo(range);
  }

  @Test
  void keysOnlyAndCountRangesMatchTheDocument() {
    String keysOnly = """
        {"revision": 9, "kvs": [{"key": "a/1", "createRevision": 3, "modRevision": 8, "version": 2}], "more": false}
        """;
    RangeResult keys = new RangeResult(List.of(new KeyValue("a/1", new byte[0], 3, 8, 2)), false, 9, -1, true);
    assertSameJson(ApiJson.rangeJson(keys), keysOnly);
    assertThat(ApiJson.readRange(tree(keysOnly))).isEqualTo(keys);
    String count = """
        {"revision": 9, "kvs": [], "more": false, "count": 42}
        """;
    RangeResult counted = new RangeResult(List.of(), false, 9, 42, false);
    assertSameJson(ApiJson.rangeJson(counted), count);
    assertThat(ApiJson.readRange(tree(count))).isEqualTo(counted);
  }

  @Test
  void aCompactedErrorCarriesTheCompactRevision() {
    ApiError e = ApiError.compacted(3, 17);
    assertThat(ApiJson.errorJson(e).get("compactRevision").asLong()).isEqualTo(17);
    assertThat(ApiJson.readError(ApiJson.toBytes(ApiJson.errorJson(e)))).isEqualTo(e);
    assertThat(e.kind()).contains(ErrorKind.COMPACTED);
  }

  @Test
  void writeResponseAndHealthMatchTheDocument() {
    assertSameJson(ApiJson.writeResponseJson(new WriteResponse(42)), "{\"revision\": 42}");
    assertThat(ApiJson.readWriteResponse(tree("{\"revision\": 42}"))).isEqualTo(new WriteResponse(42));
    assertSameJson(ApiJson.healthyJson(), "{\"status\": \"ok\"}");
  }

  @Test
  void errorBodiesMatchTheDocument() {
    String plain = "{\"error\": \"not_found\", \"message\": \"key not found\"}";
    assertSameJson(ApiJson.errorJson(ApiError.of(ErrorKind.NOT_FOUND, "key not found")), plain);
    assertThat(ApiJson.readError(plain.getBytes(UTF_8))).isEqualTo(ApiError.of(ErrorKind.NOT_FOUND, "key not found"));

    // A 412 adds "currentModRevision" (0 when absent) and "exists".
    String failed = """
        {"error": "precondition_failed", "message": "the key's modRevision is 7", "currentModRevision": 7,
         "exists": true}
        """;
    assertSameJson(ApiJson.errorJson(ApiError.preconditionFailed(true, 7)), failed);
    assertThat(ApiJson.readError(failed.getBytes(UTF_8)).preconditionFailed())
        .isEqualTo(new ApiError.PreconditionState(true, 7));

    // A 503 may carry "leader": "<client URL>".
    String noLeader = "{\"error\": \"no_leader\", \"message\": \"m\", \"leader\": \"http://10.0.0.2:8080\"}";
    ApiError e = ApiError.of(ErrorKind.NO_LEADER, "m").withLeader("http://10.0.0.2:8080");
    assertSameJson(ApiJson.errorJson(e), noLeader);
    assertThat(ApiJson.readError(noLeader.getBytes(UTF_8))).isEqualTo(e);
    assertThat(ApiJson.readError("<html>".getBytes(UTF_8))).isNull();
  }

  @Test
  void theTestsLiteralsAreTheDocumentsOwn() throws IOException {
    Path doc = Path.of("..", "docs", "API.md");
    String text = Files.readString(doc).replaceAll("\\s+", "");
    for (String literal : List.of(TXN_REQUEST, TXN_RESULT, TXN_DELETE_RANGE, TXN_DELETE_RANGE_RESULT, CLUSTER_STATUS)) {
      assertThat(text).contains(literal.replaceAll("\\s+", ""));
    }
  }

  @Test
  void rejectsWhatTheDocumentDoesNotAllow() {
    assertBadJson("{\"compare\": [], \"sucess\": []}", "unknown field 'sucess'");
    assertBadJson("{\"success\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"%%%\"}]}", "not valid base64");
    assertBadJson("{\"success\": [{\"op\": \"range\", \"limit\": 0}]}", "range limit must be between 1 and 10000");
    assertBadJson("{\"compare\": [{\"key\": \"k\", \"target\": \"version\", \"result\": \"equal\", \"value\": \"\"}]}",
        "unknown field 'value'");
    assertBadJson("{\"success\": [{\"op\": \"get\", \"key\": \"\"}]}", "key must not be empty");
    assertBadJson("[1]", "must be a JSON object");
    assertThatThrownBy(() -> ApiJson.readTxnRequest(
        "{\"success\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"AAAA\"}]}".getBytes(UTF_8), 2, 128))
        .isInstanceOfSatisfying(ApiJsonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE));
    assertThatThrownBy(() -> ApiJson.readTxnRequest(
        "{\"success\": [{\"op\": \"get\", \"key\": \"a\"}, {\"op\": \"get\", \"key\": \"b\"}]}".getBytes(UTF_8), 10, 1))
        .hasMessageContaining("the limit is 1");
  }

  private static void assertBadJson(String body, String message) {
    assertThatThrownBy(() -> ApiJson.readTxnRequest(body.getBytes(UTF_8), 1 << 20, 128))
        .isInstanceOfSatisfying(ApiJsonException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_JSON))
        .hasMessageContaining(message);
  }

  @Test
  void answersThatBreakTheDocumentAreRefusedNotZeroed() {
    assertThatThrownBy(() -> ApiJson.readWriteResponse(tree("{\"rev\": 42}"))).hasMessageContaining("'revision'");
    assertThatThrownBy(() -> ApiJson.readTxnResult(tree("{\"succeeded\": true, \"revision\": 1, \"results\": "
        + "[{\"op\": \"watch\", \"revision\": 1}]}"))).hasMessageContaining("unknown op result 'watch'");
    assertThatThrownBy(() -> ApiJson.readRange(tree("{\"revision\": 1, \"kvs\": [{\"key\": \"k\", \"value\": \"!\", "
        + "\"createRevision\": 1, \"modRevision\": 1, \"version\": 1}], \"more\": false}")))
        .hasMessageContaining("base64");
  }
}
