package io.tourbook.platform.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * OpenID Connect discovery of the node's tokens: {@code /.well-known/openid-configuration} names
 * the issuer and the {@code jwks_uri} ({@code /.well-known/jwks.json}, the public keys), which is
 * what an API gateway's JWT authorizer or a load balancer reads to verify tokens itself. tourbook
 * issues its tokens at {@code POST /api/v1/iam/login}, not through an OAuth authorization flow, so
 * the document describes only how to verify them.
 */
public final class OidcDiscovery {

  public static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
  public static final String JWKS_PATH = "/.well-known/jwks.json";
  private static final String CACHE = "public, max-age=300";

  private OidcDiscovery() {}

  /** The discovery document of {@code keys}' issuer. */
  public static JsonObject document(JwtKeys keys) {
    return new JsonObject()
        .put("issuer", keys.issuer())
        .put("jwks_uri", keys.issuer() + JWKS_PATH)
        .put("response_types_supported", new JsonArray().add("token"))
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add(keys.algorithm()))
        .put(
            "claims_supported",
            new JsonArray().add("iss").add("sub").add("aud").add("exp").add("iat").add("roles"));
  }

  public static Handler<RoutingContext> configurationHandler(JwtKeys keys) {
    String body = document(keys).encode();
    return ctx -> answer(ctx, body);
  }

  public static Handler<RoutingContext> jwksHandler(JwtKeys keys) {
    return ctx -> answer(ctx, keys.jwks().encode());
  }

  private static void answer(RoutingContext ctx, String body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, CACHE)
        .end(body);
  }
}
