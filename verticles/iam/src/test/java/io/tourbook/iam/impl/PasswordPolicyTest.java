package io.tourbook.iam.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password strength minimum")
class PasswordPolicyTest {

  private final PasswordPolicy policy = new PasswordPolicy(10);

  @Test
  @DisplayName("Ten characters of two kinds, not containing the email, pass")
  void accepted() {
    assertThat(policy.weakness("Correct-Horse-42", "kim@example.com")).isEmpty();
    assertThat(policy.weakness("abcdefghi1", "kim@example.com")).isEmpty();
    assertThat(policy.weakness("пароль-длинный", "kim@example.com")).isEmpty();
  }

  @Test
  @DisplayName("Short, single-kind or email-containing passwords are refused with the reason")
  void refused() {
    assertThat(policy.weakness("Abc-12345", "kim@example.com"))
        .get()
        .asString()
        .contains("at least 10");
    assertThat(policy.weakness("abcdefghijkl", "kim@example.com")).get().asString().contains("mix");
    assertThat(policy.weakness("1234567890123", "kim@example.com"))
        .get()
        .asString()
        .contains("mix");
    assertThat(policy.weakness("Kim@Example.com1", "kim@example.com"))
        .get()
        .asString()
        .contains("email");
  }

  @Test
  @DisplayName("Length counts characters, not UTF-16 units")
  void lengthInCharacters() {
    String fiveEmoji = "\uD83D\uDE00".repeat(5) + "abcd";
    assertThat(policy.weakness(fiveEmoji, null)).get().asString().contains("at least 10");
  }
}
