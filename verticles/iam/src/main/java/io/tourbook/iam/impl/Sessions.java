package io.tourbook.iam.impl;

import io.tourbook.contracts.Times;
import io.tourbook.iam.model.Account;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RefreshTokenStore;
import io.tourbook.platform.auth.AccountStates;
import io.tourbook.platform.auth.JwtKeys;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets an account in: short access tokens, rotating refresh tokens, and the account's state in
 * Redis ({@link AccountStates}) that every node checks on every authenticated request.
 *
 * <p>A refresh token is 256 random bits, stored as its SHA-256 with the family its login started.
 * Each refresh retires the token and answers a new one of the same family; presenting a retired
 * token again (it was stolen, or the client replays it) revokes the whole family.
 */
public final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String INVALID = "This refresh token is not valid.";
  private static final int TOKEN_BYTES = 32;
  private static final int BACKFILL_BATCH = 200;

  private final JwtKeys keys;
  private final AccountStates states;
  private final AccountStore accounts;
  private final RefreshTokenStore tokens;
  private final long refreshTtlSeconds;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Sessions(
      JwtKeys keys,
      AccountStates states,
      AccountStore accounts,
      RefreshTokenStore tokens,
      long refreshTtlSeconds,
      Clock clock) {
    this.keys = keys;
    this.states = states;
    this.accounts = accounts;
    this.tokens = tokens;
    this.refreshTtlSeconds = refreshTtlSeconds;
    this.clock = clock;
  }

  /**
   * Starts a session for an active account: {@code {accessToken, tokenType, expiresIn,
   * refreshToken, refreshExpiresIn}}.
   */
  public Future<JsonObject> open(String accountId, String role) {
    return issue(accountId, role, UUID.randomUUID().toString());
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token of the same family.
   * 401 for an unknown, expired, revoked or already used token (the last also revokes its family),
   * 403 when the account is suspended.
   */
  public Future<JsonObject> refresh(String refreshToken) {
    String hash = hash(refreshToken);
    return tokens
        .find(hash)
        .compose(
            token -> {
              if (token == null
                  || token.getBoolean(RefreshTokenStore.REVOKED, true)
                  || token.getLong(RefreshTokenStore.EXPIRES_AT, 0L)
                      <= System.currentTimeMillis()) {
                return Future.failedFuture(ApiException.unauthorized(INVALID));
              }
              String family = token.getString(RefreshTokenStore.FAMILY);
              return tokens
                  .rotate(hash)
                  .compose(
                      rotated -> {
                        if (!rotated) {
                          LOG.warn(
                              "A used refresh token came again: revoking its family {}", family);
                          return tokens
                              .revokeFamily(family)
                              .compose(
                                  v -> Future.failedFuture(ApiException.unauthorized(INVALID)));
                        }
                        return reissue(token.getString(RefreshTokenStore.SUBJECT), family);
                      });
            });
  }

  private Future<JsonObject> reissue(String subject, String family) {
    return accounts
        .find(subject)
        .compose(
            account -> {
              if (account == null) {
                return Future.failedFuture(
                    ApiException.unauthorized("There is no account for this token."));
              }
              if (Account.isSuspended(account)) {
                return Future.failedFuture(ApiException.forbidden("This account is suspended."));
              }
              return issue(subject, account.getString(Account.ROLE), family);
            });
  }

  /** Revokes the family of {@code refreshToken} when it is one of the caller's; else nothing. */
  public Future<Void> logout(String subject, String refreshToken) {
    return tokens
        .find(hash(refreshToken))
        .compose(
            token ->
                token != null && subject.equals(token.getString(RefreshTokenStore.SUBJECT))
                    ? tokens.revokeFamily(token.getString(RefreshTokenStore.FAMILY))
                    : Future.succeededFuture());
  }

  /**
   * Makes the account's state in Redis the one in {@code account} (null: there is no such account
   * any more) and, when it is not active, revokes its refresh tokens. Idempotent: iam calls it
   * before answering a change, and again from its own events.
   */
  public Future<Void> applyState(String accountId, JsonObject account) {
    if (account == null) {
      return states.remove(accountId).compose(v -> tokens.revokeSubject(accountId));
    }
    String status = account.getString(Account.STATUS);
    boolean active = Account.ACTIVE.equals(status);
    return states
        .set(accountId, active ? AccountStates.ACTIVE : AccountStates.SUSPENDED)
        .compose(v -> active ? Future.succeededFuture() : tokens.revokeSubject(accountId));
  }

  /**
   * Records the state of every account Redis does not know yet (a Redis that lost its data, or
   * accounts from before this check existed), then marks the states complete; never overwrites a
   * state, which may be newer.
   */
  public Future<Void> backfillStates() {
    return accounts
        .states()
        .compose(
            all -> {
              Future<Void> chain = Future.succeededFuture();
              for (int start = 0; start < all.size(); start += BACKFILL_BATCH) {
                List<JsonObject> batch =
                    all.subList(start, Math.min(all.size(), start + BACKFILL_BATCH));
                chain = chain.compose(v -> backfill(batch));
              }
              return chain;
            })
        .compose(v -> states.markComplete());
  }

  /** Backfills the states when Redis no longer holds them complete (it lost its data). */
  public Future<Void> repairStates() {
    return states
        .complete()
        .compose(
            complete -> {
              if (complete) {
                return Future.succeededFuture();
              }
              LOG.warn("The account states are missing in Redis: restoring them");
              return backfillStates();
            });
  }

  private Future<Void> backfill(List<JsonObject> batch) {
    List<Future<Boolean>> writes = new ArrayList<>();
    for (JsonObject account : batch) {
      writes.add(
          states.setIfAbsent(
              account.getString(Account.ID),
              Account.isSuspended(account) ? AccountStates.SUSPENDED : AccountStates.ACTIVE));
    }
    return Future.all(writes).mapEmpty();
  }

  private Future<JsonObject> issue(String subject, String role, String family) {
    byte[] secret = new byte[TOKEN_BYTES];
    random.nextBytes(secret);
    String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    JsonObject record =
        new JsonObject()
            .put(RefreshTokenStore.ID, hash(refreshToken))
            .put(RefreshTokenStore.FAMILY, family)
            .put(RefreshTokenStore.SUBJECT, subject)
            .put(
                RefreshTokenStore.EXPIRES_AT, System.currentTimeMillis() + refreshTtlSeconds * 1000)
            .put(RefreshTokenStore.ROTATED, false)
            .put(RefreshTokenStore.REVOKED, false)
            .put(RefreshTokenStore.CREATED_AT, Times.format(clock.instant()));
    String accessToken =
        keys.sign(new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role)));
    return tokens
        .insert(record)
        .map(
            v ->
                new JsonObject()
                    .put("accessToken", accessToken)
                    .put("tokenType", "Bearer")
                    .put("expiresIn", keys.ttlSeconds())
                    .put("refreshToken", refreshToken)
                    .put("refreshExpiresIn", refreshTtlSeconds));
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
