package io.tourbook.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Verified tokens")
class VerifiedTokensTest {

  private static JsonObject claims() {
    return new JsonObject()
        .put("sub", "u1")
        .put("roles", new JsonArray().add(Roles.CUSTOMER).add(Roles.PROVIDER));
  }

  @Test
  @DisplayName("a token verified once names the same caller every time it comes back")
  void repeatedTokenNamesTheSameCaller(Vertx vertx, VertxTestContext testContext) {
    JwtKeys.load(vertx, TestBackingServices.get().config())
        .onComplete(
            testContext.succeeding(
                keys ->
                    testContext.verify(
                        () -> {
                          VerifiedTokens tokens = new VerifiedTokens(keys);
                          String token = keys.sign(claims());

                          Caller first = tokens.verify(token);

                          assertThat(first.subject()).isEqualTo("u1");
                          assertThat(first.roles())
                              .containsExactlyInAnyOrder(Roles.CUSTOMER, Roles.PROVIDER);
                          assertThat(tokens.verify(token)).isEqualTo(first);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("a token differing from an admitted one in its signature is still refused")
  void tamperedCopyOfAnAdmittedTokenIsRefused(Vertx vertx, VertxTestContext testContext) {
    JwtKeys.load(vertx, TestBackingServices.get().config())
        .onComplete(
            testContext.succeeding(
                keys ->
                    testContext.verify(
                        () -> {
                          VerifiedTokens tokens = new VerifiedTokens(keys);
                          String token = keys.sign(claims());
                          tokens.verify(token);
                          char last = token.charAt(token.length() - 2);
                          String tampered =
                              token.substring(0, token.length() - 2)
                                  + (last == 'A' ? 'B' : 'A')
                                  + token.charAt(token.length() - 1);

                          assertThatThrownBy(() -> tokens.verify(tampered))
                              .isInstanceOf(JwtKeys.InvalidTokenException.class);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("an expired token is refused, however often it was sent before")
  void expiredTokenIsRefused(Vertx vertx, VertxTestContext testContext) {
    JwtKeys.load(vertx, TestBackingServices.get().config())
        .onComplete(
            testContext.succeeding(
                keys ->
                    testContext.verify(
                        () -> {
                          VerifiedTokens tokens = new VerifiedTokens(keys);
                          long now = Instant.now().getEpochSecond();
                          String expired = keys.sign(claims().put("exp", now - 60));

                          assertThatThrownBy(() -> tokens.verify(expired))
                              .isInstanceOf(JwtKeys.InvalidTokenException.class);
                          assertThatThrownBy(() -> tokens.verify(expired))
                              .isInstanceOf(JwtKeys.InvalidTokenException.class);
                          testContext.completeNow();
                        })));
  }
}
