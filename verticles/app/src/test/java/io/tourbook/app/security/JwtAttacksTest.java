package io.tourbook.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.app.Platform;
import io.tourbook.platform.http.ApiErrors;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OWASP API2:2023 Broken Authentication, the token half: every forged, expired, misdirected or
 * tampered token is refused with a 401 problem on every authenticated route of every service, while
 * a genuine token from the same key gets past authentication on all of them.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Security: JWT attacks (OWASP API2)")
class JwtAttacksTest {

  private static final String PROBE_ID = "jwt-probe";

  @Test
  @DisplayName(
      "alg none, HS256 with the public key, RS384, expired, no exp, exp as a string or 1e300 or beyond the lifetime, unknown crit, wrong aud or iss, unknown kid, foreign key, tampered, no account: 401 on every authenticated route")
  void everyForgedTokenIsRefusedEverywhere(Vertx vertx) throws Exception {
    Platform platform = Platform.start(vertx);
    TestBackingServices.get().markAccountsActive(ForgedTokens.SUBJECT);
    try {
      ForgedTokens tokens =
          new ForgedTokens(platform.node.config, platform.node.auth.keys().signingKeyId());
      String genuine = tokens.genuine();
      Map<String, String> attacks = tokens.attacks();
      List<String> problems = new ArrayList<>();
      int checked = 0;
      for (Map.Entry<String, RouteTable> table : platform.node.node.routes().tables().entrySet()) {
        for (RouteTable.Entry route : table.getValue().entries()) {
          if (!route.access().authenticated()) {
            continue;
          }
          String path =
              "/api/v1/" + table.getKey() + route.path().replaceAll(":[A-Za-z]+", PROBE_ID);
          // Only the status: the genuine token opens the live event stream, which never ends.
          int control = Eventually.await(platform.node.status(route.method(), path, genuine, "{}"));
          if (control == 401) {
            problems.add("genuine token refused by " + route.method() + " " + path);
          }
          for (Map.Entry<String, String> attack : attacks.entrySet()) {
            HttpResponse<Buffer> response = call(platform, route.method(), path, attack.getValue());
            checked++;
            if (response.statusCode() != 401
                || !response.getHeader("Content-Type").startsWith(ApiErrors.PROBLEM_JSON)) {
              problems.add(
                  attack.getKey()
                      + " -> "
                      + response.statusCode()
                      + " on "
                      + route.method()
                      + " "
                      + path);
            }
          }
        }
      }
      assertThat(problems).isEmpty();
      assertThat(checked).isGreaterThanOrEqualTo(attacks.size() * 20);
    } finally {
      Eventually.await(platform.node.stop());
    }
  }

  private static HttpResponse<Buffer> call(
      Platform platform, HttpMethod method, String path, String token) throws Exception {
    Future<HttpResponse<Buffer>> response = platform.node.send(method, path, token, "{}");
    return Eventually.await(response);
  }
}
