package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.raftkv.api.ApiError;
import io.raftkv.api.ApiJson;
import io.raftkv.api.Consistency;
import io.raftkv.api.DeleteRangeResult;
import io.raftkv.api.DeleteResult;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.GetResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.Precondition;
import io.raftkv.api.PreconditionFailed;
import io.raftkv.api.PutResult;
import io.raftkv.api.RangeQuery;
import io.raftkv.api.RangeResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.WriteResponse;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.api.KvService;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET|PUT|DELETE /v1/kv/{key}} (a get optionally at {@code ?revision=R}), {@code GET /v1/kv} (a paged
 * range, {@link RangeParams}) and {@code DELETE /v1/kv?prefix=P} (a range delete).
 *
 * <p>The ETag of a key is its modRevision in quotes; {@code If-Match: "<rev>"} and {@code If-None-Match: *}
 * become {@link Precondition}s checked atomically by the state machine, never here.
 */
final class KeyEndpoint {

  private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");

  private final KvService service;
  private final HttpServerConfig config;

  KeyEndpoint(KvService service, HttpServerConfig config) {
    this.service = service;
    this.config = config;
  }

  CompletableFuture<FullHttpResponse> get(ApiRequest req, String key) {
    if (req.param("waitRevision") != null) {
      return blockingGet(req, key);
    }
    long revision = RangeParams.revision(req, "revision");
    ReadOp query = revision == 0 ? new Op.Get(key) : RangeQuery.of(KeyRange.key(key)).at(revision);
    return service.read(query, Params.consistency(req)).thenApply(r -> {
      KeyValue kv = r instanceof RangeResult range ? range.kvs().stream().findFirst().orElse(null)
          : ((GetResult) r).kv();
      if (kv == null) {
        return Responses.error(ErrorKind.NOT_FOUND, "key not found");
      }
      FullHttpResponse response = Responses.raw(HttpResponseStatus.OK, kv.value());
      response.headers().set(HttpHeaderNames.ETAG, etag(kv.modRevision()));
      response.headers().set("X-Create-Revision", kv.createRevision());
      response.headers().set("X-Version", kv.version());
      response.headers().set("X-Revision", r.revision());
      return response;
    });
  }

  /**
   * {@code ?waitRevision=R&wait=D}: answers as a plain get once the key's modRevision exceeds R (at once if it
   * already does), or when D has passed ({@link LongPoll#waitOf}: default 5 s, at most 5 min; the request
   * handler extends this request's timeout by D).
   */
  private CompletableFuture<FullHttpResponse> blockingGet(ApiRequest req, String key) {
    long waitRevision = RangeParams.revision(req, "waitRevision");
    if (req.param("revision") != null) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, "waitRevision and revision cannot be combined");
    }
    CompletableFuture<Void> change = LongPoll.nextChange(service, key, LongPoll.waitOf(req));
    return service.read(new Op.Get(key), Consistency.SERIALIZABLE).thenCompose(now -> {
      KeyValue kv = ((GetResult) now).kv();
      CompletableFuture<Void> ready = kv != null && kv.modRevision() > waitRevision
          ? CompletableFuture.completedFuture(null) : change;
      return ready.thenCompose(v -> get(withoutWait(req), key));
    });
  }

  private static ApiRequest withoutWait(ApiRequest req) {
    java.util.Map<String, java.util.List<String>> query = new java.util.HashMap<>(req.query());
    query.remove("waitRevision");
    query.remove("wait");
    return new ApiRequest(req.method(), req.rawPath(), query, req.headers(), req.body());
  }

  CompletableFuture<FullHttpResponse> put(ApiRequest req, String key) {
    if (req.body().length > config.limits().maxValueBytes()) {
      throw new ApiException(ErrorKind.PAYLOAD_TOO_LARGE,
          "value of " + req.body().length + " bytes exceeds the limit of " + config.limits().maxValueBytes());
    }
    KvCommand.Put put = new KvCommand.Put(key, req.body(), precondition(req));
    return service.write(put).thenApply(r -> {
      if (r instanceof PutResult p) {
        FullHttpResponse response = Responses.ok(ApiJson.writeResponseJson(new WriteResponse(p.revision())));
        response.headers().set(HttpHeaderNames.ETAG, etag(p.modRevision()));
        return response;
      }
      return preconditionFailedOrInternal(r);
    });
  }

  CompletableFuture<FullHttpResponse> delete(ApiRequest req, String key) {
    return service.write(new KvCommand.Delete(key, precondition(req))).thenApply(r -> {
      if (r instanceof DeleteResult d) {
        if (!d.deleted()) {
          return Responses.error(ErrorKind.NOT_FOUND, "key not found");
        }
        return Responses.ok(ApiJson.writeResponseJson(new WriteResponse(d.revision())));
      }
      return preconditionFailedOrInternal(r);
    });
  }

  CompletableFuture<FullHttpResponse> range(ApiRequest req) {
    return service.read(RangeParams.query(req), Params.consistency(req))
        .thenApply(r -> Responses.ok(ApiJson.rangeJson((RangeResult) r)));
  }

  /** {@code DELETE /v1/kv?prefix=P} or {@code ?start=A&end=B}: one revision; a selection is required. */
  CompletableFuture<FullHttpResponse> deleteRange(ApiRequest req) {
    KeyRange keys = RangeParams.keys(req, false);
    if (keys == null) {
      throw new ApiException(ErrorKind.BAD_PARAMETER,
          "DELETE /v1/kv needs prefix= or start=/end= (prefix= with an empty value deletes every key)");
    }
    return service.write(new KvCommand.DeleteRange(keys)).thenApply(r -> r instanceof DeleteRangeResult d
        ? Responses.ok(ApiJson.deleteRangeResultJson(d))
        : Responses.error(ErrorKind.INTERNAL, "unexpected result " + r));
  }

  private static FullHttpResponse preconditionFailedOrInternal(KvResult r) {
    if (r instanceof PreconditionFailed f) {
      FullHttpResponse response = Responses.error(ApiError.preconditionFailed(f.exists(), f.currentModRevision()));
      if (f.exists()) {
        response.headers().set(HttpHeaderNames.ETAG, etag(f.currentModRevision()));
      }
      return response;
    }
    return Responses.error(ErrorKind.INTERNAL, "unexpected result " + r);
  }

  static String etag(long modRevision) {
    return "\"" + modRevision + "\"";
  }

  /** {@code If-Match: "<rev>"} or {@code If-None-Match: *}; at most one of them. */
  static Precondition precondition(ApiRequest req) {
    String ifMatch = req.headers().get(HttpHeaderNames.IF_MATCH);
    String ifNoneMatch = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    if (ifMatch != null && ifNoneMatch != null) {
      throw new ApiException(ErrorKind.BAD_PRECONDITION, "If-Match and If-None-Match cannot be combined");
    }
    if (ifMatch != null) {
      Matcher m = ETAG.matcher(ifMatch.trim());
      if (!m.matches()) {
        throw new ApiException(ErrorKind.BAD_PRECONDITION,
            "If-Match must be one quoted modRevision such as \"42\", got: " + ifMatch);
      }
      return Precondition.ifMatch(Long.parseLong(m.group(1)));
    }
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.trim().equals("*")) {
        throw new ApiException(ErrorKind.BAD_PRECONDITION, "If-None-Match supports only *, got: " + ifNoneMatch);
      }
      return Precondition.ifAbsent();
    }
    return Precondition.NONE;
  }
}
