package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.iam.IamNode.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("E-mail identity: look-alike addresses are refused or are the same account")
class EmailIdentityTest {

  private static final String OWNER = "kim@example.com";

  private IamNode iam;
  private String ownerId;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
    ownerId = iam.register("customer", OWNER).getString("id");
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  @Test
  @DisplayName(
      "Cyrillic letters, zero-width characters, NUL, a trailing newline, trailing dots, dotless and dotted i: 400, nothing stored")
  void lookAlikesAreRefused() throws Exception {
    Map<String, String> lookAlikes = new LinkedHashMap<>();
    lookAlikes.put("Cyrillic i", "k\u0456m@example.com");
    lookAlikes.put("Cyrillic o in the domain", "kim@ex\u0430mple.com");
    lookAlikes.put("zero-width space", "k\u200Bim@example.com");
    lookAlikes.put("zero-width joiner", "kim\u200D@example.com");
    lookAlikes.put("byte order mark", "\uFEFFkim@example.com");
    lookAlikes.put("NUL", "kim\u0000@example.com");
    lookAlikes.put("trailing newline", "kim@example.com\n");
    lookAlikes.put("trailing dot", "kim@example.com.");
    lookAlikes.put("dot at the end of the name", "kim.@example.com");
    lookAlikes.put("dotless i", "k\u0131m@example.com");
    lookAlikes.put("dotted capital I", "K\u0130M@example.com");
    List<Object> before = List.copyOf(iam.accounts());
    for (Map.Entry<String, String> lookAlike : lookAlikes.entrySet()) {
      HttpResponse<Buffer> registered =
          iam.post("/register", null, registration("customer", lookAlike.getValue()));
      assertThat(registered.statusCode())
          .as(lookAlike.getKey() + ": " + registered.bodyAsString())
          .isEqualTo(400);
      HttpResponse<Buffer> login = iam.login(lookAlike.getValue(), PASSWORD);
      assertThat(login.statusCode()).as(lookAlike.getKey() + " login").isEqualTo(400);
    }
    assertThat(iam.accounts()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "Fullwidth letters and capitals are the same identity: no second account, and they log in")
  void normalisedFormsAreTheSameAccount() throws Exception {
    List<String> sameIdentity =
        List.of(
            "\uFF4B\uFF49\uFF4D@example.com", "KIM@EXAMPLE.COM", "\uFF2B\uFF29\uFF2D@example.com");
    for (String email : sameIdentity) {
      HttpResponse<Buffer> registered =
          iam.post("/register", null, registration("provider", email));
      assertThat(registered.statusCode()).as(email).isEqualTo(201);
      assertThat(registered.bodyAsJsonObject().getString("id")).isNotEqualTo(ownerId);
      HttpResponse<Buffer> login = iam.login(email, PASSWORD);
      assertThat(login.statusCode()).as(email + " login").isEqualTo(200);
    }
    assertThat(iam.accounts()).hasSize(1);
    assertThat(iam.account(ownerId).getString("role")).isEqualTo("customer");
  }

  @Test
  @DisplayName("A single-script address in another script registers as its own account")
  void singleScriptAddressesAreAccepted() throws Exception {
    HttpResponse<Buffer> registered =
        iam.post(
            "/register", null, registration("customer", "\u0438\u0432\u0430\u043D@example.com"));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    assertThat(iam.accounts()).hasSize(2);
  }
}
