package io.raftkv.kv.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.kv.DeleteResult;
import io.raftkv.kv.GetResult;
import io.raftkv.kv.KeyValue;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvQuery;
import io.raftkv.kv.KvResult;
import io.raftkv.kv.Precondition;
import io.raftkv.kv.PreconditionFailed;
import io.raftkv.kv.PutResult;
import io.raftkv.kv.RangeResult;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET|PUT|DELETE /v1/kv/{key}} and {@code GET /v1/kv?prefix=P&limit=N}.
 *
 * <p>The ETag of a key is its modRevision in quotes; {@code If-Match: "<rev>"} and {@code If-None-Match: *}
 * become {@link Precondition}s checked atomically by the state machine, never here.
 */
final class KeyEndpoint {

  static final int DEFAULT_RANGE_LIMIT = 1000;
  static final int MAX_RANGE_LIMIT = 10_000;

  private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");

  private final KvService service;
  private final HttpServerConfig config;

  KeyEndpoint(KvService service, HttpServerConfig config) {
    this.service = service;
    this.config = config;
  }

  CompletableFuture<FullHttpResponse> get(ApiRequest req, String key) {
    return service.read(new KvQuery.Get(key), Params.consistency(req)).thenApply(r -> {
      KeyValue kv = ((GetResult) r).kv();
      if (kv == null) {
        return Responses.error(HttpResponseStatus.NOT_FOUND, "not_found", "key not found");
      }
      FullHttpResponse response = Responses.raw(HttpResponseStatus.OK, kv.value());
      response.headers().set(HttpHeaderNames.ETAG, JsonViews.etag(kv.modRevision()));
      response.headers().set("X-Create-Revision", kv.createRevision());
      response.headers().set("X-Version", kv.version());
      response.headers().set("X-Revision", r.revision());
      return response;
    });
  }

  CompletableFuture<FullHttpResponse> put(ApiRequest req, String key) {
    if (req.body().length > config.limits().maxValueBytes()) {
      throw new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
          "value of " + req.body().length + " bytes exceeds the limit of " + config.limits().maxValueBytes());
    }
    KvCommand.Put put = new KvCommand.Put(key, req.body(), precondition(req));
    return service.write(put).thenApply(r -> {
      if (r instanceof PutResult p) {
        ObjectNode body = Responses.object();
        body.put("revision", p.revision());
        FullHttpResponse response = Responses.json(HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.ETAG, JsonViews.etag(p.modRevision()));
        return response;
      }
      return preconditionFailedOrInternal(r);
    });
  }

  CompletableFuture<FullHttpResponse> delete(ApiRequest req, String key) {
    return service.write(new KvCommand.Delete(key, precondition(req))).thenApply(r -> {
      if (r instanceof DeleteResult d) {
        if (!d.deleted()) {
          return Responses.error(HttpResponseStatus.NOT_FOUND, "not_found", "key not found");
        }
        ObjectNode body = Responses.object();
        body.put("revision", d.revision());
        return Responses.json(HttpResponseStatus.OK, body);
      }
      return preconditionFailedOrInternal(r);
    });
  }

  CompletableFuture<FullHttpResponse> range(ApiRequest req) {
    String prefix = req.param("prefix");
    KvQuery.Range query;
    try {
      query = new KvQuery.Range(prefix == null ? "" : prefix, Params.limit(req, DEFAULT_RANGE_LIMIT, MAX_RANGE_LIMIT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_parameter", e.getMessage());
    }
    return service.read(query, Params.consistency(req))
        .thenApply(r -> Responses.json(HttpResponseStatus.OK, JsonViews.range((RangeResult) r)));
  }

  private static FullHttpResponse preconditionFailedOrInternal(KvResult r) {
    if (r instanceof PreconditionFailed f) {
      ObjectNode body = Responses.errorBody("precondition_failed", f.exists()
          ? "the key's modRevision is " + f.currentModRevision()
          : "the key does not exist");
      body.put("currentModRevision", f.currentModRevision());
      body.put("exists", f.exists());
      FullHttpResponse response = Responses.json(HttpResponseStatus.PRECONDITION_FAILED, body);
      if (f.exists()) {
        response.headers().set(HttpHeaderNames.ETAG, JsonViews.etag(f.currentModRevision()));
      }
      return response;
    }
    return Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "unexpected result " + r);
  }

  /** {@code If-Match: "<rev>"} or {@code If-None-Match: *}; at most one of them. */
  static Precondition precondition(ApiRequest req) {
    String ifMatch = req.headers().get(HttpHeaderNames.IF_MATCH);
    String ifNoneMatch = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    if (ifMatch != null && ifNoneMatch != null) {
      throw ApiException.badRequest("bad_precondition", "If-Match and If-None-Match cannot be combined");
    }
    if (ifMatch != null) {
      Matcher m = ETAG.matcher(ifMatch.trim());
      if (!m.matches()) {
        throw ApiException.badRequest("bad_precondition",
            "If-Match must be one quoted modRevision such as \"42\", got: " + ifMatch);
      }
      return Precondition.ifMatchModRevision(Long.parseLong(m.group(1)));
    }
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.trim().equals("*")) {
        throw ApiException.badRequest("bad_precondition", "If-None-Match supports only *, got: " + ifNoneMatch);
      }
      return Precondition.ifAbsent();
    }
    return Precondition.NONE;
  }
}
