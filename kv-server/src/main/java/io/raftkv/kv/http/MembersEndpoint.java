package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.raftkv.api.ApiJson;
import io.raftkv.api.ApiJsonException;
import io.raftkv.api.ErrorKind;
import io.raftkv.api.Members;
import io.raftkv.api.MembersJson;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.MembershipService;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v1/members[/{id}[/promote]]} and {@code /v1/leader/transfer} (docs/API.md, "Members"):
 * translates HTTP to {@link MembershipService} calls. The ETag is the configIndex; {@code If-Match} makes
 * a change conditional on it. A change sent to a follower is forwarded to the leader
 * ({@link LeaderForwarder}), as etcd's member API does, so any member's URL works.
 */
final class MembersEndpoint {

  static final String PREFIX = "/v1/members";
  static final String TRANSFER = "/v1/leader/transfer";
  private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");
  private static final Pattern MEMBER = Pattern.compile("/v1/members/([^/]+)(/promote)?");

  private final MembershipService service;
  private final Executor executor;
  private final LeaderForwarder forwarder;

  MembersEndpoint(MembershipService service, Executor executor, LeaderForwarder forwarder) {
    this.service = service;
    this.executor = executor;
    this.forwarder = forwarder;
  }

  /** Whether {@code path} is one of this endpoint's. */
  static boolean owns(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.equals(TRANSFER);
  }

  CompletableFuture<FullHttpResponse> route(ApiRequest req) {
    String path = req.rawPath();
    HttpMethod method = req.method();
    if (path.equals(TRANSFER)) {
      return method.equals(HttpMethod.POST)
          ? change(req, () -> service.transferLeader(MembersJson.readTransferTarget(req.body()))
              .thenApply(MembersEndpoint::leaderJson))
          : notAllowed("POST");
    }
    if (path.equals(PREFIX)) {
      if (method.equals(HttpMethod.GET)) {
        return CompletableFuture.supplyAsync(() -> membersResponse(service.members()), executor);
      }
      if (method.equals(HttpMethod.POST)) {
        return change(req, () -> service.add(MembersJson.readAddRequest(req.body()), flag(req, "autoPromote"),
            ifMatch(req)).thenApply(MembersEndpoint::membersResponse));
      }
      return notAllowed("GET, POST");
    }
    Matcher m = MEMBER.matcher(path);
    if (!m.matches()) {
      return CompletableFuture.completedFuture(Responses.error(ErrorKind.NOT_FOUND, "no such endpoint: " + path));
    }
    String id = PathKeys.decodeKey(m.group(1));
    if (m.group(2) != null) {
      return method.equals(HttpMethod.POST)
          ? change(req, () -> service.promote(id, flag(req, "force"), ifMatch(req))
              .thenApply(MembersEndpoint::membersResponse))
          : notAllowed("POST");
    }
    return method.equals(HttpMethod.DELETE)
        ? change(req, () -> service.remove(id, flag(req, "force"), ifMatch(req))
            .thenApply(MembersEndpoint::membersResponse))
        : notAllowed("DELETE");
  }

  /** Runs a change off the event loop; a NOT_LEADER answer is forwarded to the leader it names. */
  private CompletableFuture<FullHttpResponse> change(ApiRequest req,
      Supplier<CompletableFuture<FullHttpResponse>> call) {
    return CompletableFuture.supplyAsync(call, executor).thenCompose(f -> f).handle((ok, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(ok);
      }
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof ApiJsonException bad) {
        return CompletableFuture.completedFuture(Responses.error(bad.kind(), bad.getMessage()));
      }
      if (cause instanceof KvServiceException kse && kse.kind() == KvServiceException.Kind.NOT_LEADER
          && kse.leaderHint() != null && forwarder.mayForward(req)) {
        return forwarder.forward(req, kse.leaderHint());
      }
      return CompletableFuture.completedFuture(Responses.failure(cause));
    }).thenCompose(f -> f);
  }

  private static FullHttpResponse membersResponse(Members m) {
    FullHttpResponse r = Responses.ok(MembersJson.membersJson(m));
    r.headers().set(HttpHeaderNames.ETAG, "\"" + m.configIndex() + "\"");
    return r;
  }

  private static FullHttpResponse leaderJson(String leader) {
    return Responses.ok(ApiJson.MAPPER.createObjectNode().put("leader", leader));
  }

  private static boolean flag(ApiRequest req, String name) {
    String v = req.param(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.isEmpty() || v.equals("true")) {
      return true;
    }
    throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be true or false, got '" + v + "'");
  }

  private static OptionalLong ifMatch(ApiRequest req) {
    String v = req.headers().get(HttpHeaderNames.IF_MATCH);
    if (v == null) {
      return OptionalLong.empty();
    }
    Matcher m = ETAG.matcher(v.trim());
    if (!m.matches()) {
      throw new ApiException(ErrorKind.BAD_PRECONDITION, "If-Match must be \"<configIndex>\", got " + v);
    }
    return OptionalLong.of(Long.parseLong(m.group(1)));
  }

  private static CompletableFuture<FullHttpResponse> notAllowed(String allow) {
    FullHttpResponse r = Responses.error(ErrorKind.METHOD_NOT_ALLOWED, "allowed methods: " + allow);
    r.headers().set(HttpHeaderNames.ALLOW, allow);
    return CompletableFuture.completedFuture(r);
  }
}
