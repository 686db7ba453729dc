package io.raftkv.kv.api;

import io.raftkv.api.Members;
import io.raftkv.api.MembersJson.AddRequest;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Membership changes and leadership transfer behind {@code /v1/members} and {@code /v1/leader/transfer}
 * (docs/API.md, "Members"). A {@link KvService} that also implements this interface gets those
 * endpoints; one that does not answers them 404.
 *
 * <p>Every change completes with the member list once the change is applied on the answering node, and
 * fails only with a {@link KvServiceException}: {@code NOT_FOUND} (unknown member), {@code CONFLICT}
 * (refused in the current state; nothing changed), {@code PRECONDITION_FAILED} ({@code ifMatch} is not the
 * current configIndex), {@code BAD_REQUEST}, {@code NOT_LEADER} (with the leader's client URL as hint),
 * {@code TIMEOUT} (proposed, outcome unknown; read the list again). Changes are idempotent where it is safe:
 * adding a member that exists with the same id and addresses answers the current list.
 */
public interface MembershipService {

  /** The members as this node knows them (progress only on the leader). */
  Members members();

  /** Adds a learner; with {@code autoPromote} the leader makes it a voter once it is caught up. */
  CompletableFuture<Members> add(AddRequest member, boolean autoPromote, OptionalLong ifMatch);

  /** Makes learner {@code id} a voter (refused while it is not caught up). */
  CompletableFuture<Members> promote(String id, boolean force, OptionalLong ifMatch);

  /** Removes {@code id}; a leader removing itself first hands leadership to another voter when it can. */
  CompletableFuture<Members> remove(String id, boolean force, OptionalLong ifMatch);

  /** Transfers leadership to {@code to} (null: the most caught-up voter); completes with the new leader's id. */
  CompletableFuture<String> transferLeader(String to);
}
