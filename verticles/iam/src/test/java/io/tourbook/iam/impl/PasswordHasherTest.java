package io.tourbook.iam.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Argon2id password hashes")
class PasswordHasherTest {

  /** The configured default cost (OWASP): 19 MiB, 2 passes, 1 lane. */
  private static final PasswordHasher DEFAULT_COST = new PasswordHasher(19456, 2, 1);

  private static final PasswordHasher CHEAP = new PasswordHasher(64, 1, 1);

  @Test
  @DisplayName("A hash is a PHC string with the configured cost and a fresh salt, and verifies")
  void hashAndVerify() {
    String first = DEFAULT_COST.hash("Correct-Horse-42");
    String second = DEFAULT_COST.hash("Correct-Horse-42");
    assertThat(first)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(second).isNotEqualTo(first);
    assertThat(DEFAULT_COST.verify("Correct-Horse-42", first)).isTrue();
    assertThat(DEFAULT_COST.verify("Correct-Horse-43", first)).isFalse();
    assertThat(DEFAULT_COST.verify("correct-horse-42", first)).isFalse();
  }

  @Test
  @DisplayName("The same password typed in another Unicode form matches")
  void unicodeForms() {
    String composed = "Caf\u00e9-Password-1";
    String decomposed = "Cafe\u0301-Password-1";
    assertThat(CHEAP.verify(decomposed, CHEAP.hash(composed))).isTrue();
  }

  @Test
  @DisplayName("A missing or unreadable hash never matches")
  void missingHash() {
    assertThat(CHEAP.verify("anything", null)).isFalse();
    assertThat(CHEAP.verify("anything", "")).isFalse();
    assertThat(CHEAP.verify("anything", "$2a$10$bcrypt-is-not-accepted")).isFalse();
    assertThat(CHEAP.verify("anything", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"))
        .isFalse();
  }

  @Test
  @DisplayName("A hash made with another cost verifies and asks to be rehashed")
  void otherCost() {
    String cheap = CHEAP.hash("Correct-Horse-42");
    assertThat(DEFAULT_COST.verify("Correct-Horse-42", cheap)).isTrue();
    assertThat(DEFAULT_COST.needsRehash(cheap)).isTrue();
    assertThat(CHEAP.needsRehash(cheap)).isFalse();
  }
}
