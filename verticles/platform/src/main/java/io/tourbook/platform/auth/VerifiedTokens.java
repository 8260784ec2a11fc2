package io.tourbook.platform.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers of the tokens this node has verified, by the token's exact text, until the token's
 * {@code exp}. A client sends one token with every request, and verifying it (an RS256 signature
 * and two JSON parses) cost about a third of a listing read. Only a byte-identical token hits, so
 * the cache never admits a token that {@link JwtKeys#verify} refused; the account's state is still
 * read on every request ({@link AccountStates}).
 */
final class VerifiedTokens {

  /** Bounds the cache's memory; clearing it only costs one verification per active token. */
  private static final int MAX_CACHED = 10_000;

  private record Verified(Caller caller, long expiresAtEpochSecond) {}

  private final JwtKeys keys;
  private final Map<String, Verified> cache = new ConcurrentHashMap<>();

  VerifiedTokens(JwtKeys keys) {
    this.keys = keys;
  }

  /**
   * The caller the token names.
   *
   * @throws JwtKeys.InvalidTokenException when {@link JwtKeys#verify} refuses it
   */
  Caller verify(String token) {
    Verified cached = cache.get(token);
    if (cached != null && Instant.now().getEpochSecond() < cached.expiresAtEpochSecond) {
      return cached.caller;
    }
    JsonObject claims = keys.verify(token);
    Caller caller = new Caller(claims.getString("sub"), roles(claims));
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(token, new Verified(caller, claims.getLong("exp")));
    return caller;
  }

  private static Set<String> roles(JsonObject claims) {
    Set<String> roles = new LinkedHashSet<>();
    Object claim = claims.getValue("roles");
    if (claim instanceof JsonArray array) {
      array.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
    }
    return roles;
  }
}
