package io.tourbook.iam.impl;

import java.util.Locale;
import java.util.Optional;

/**
 * The minimum strength of a new password: at least {@code minLength} characters, more than one kind
 * of character (lower case, upper case, digits, others), and not the account's email.
 */
public final class PasswordPolicy {

  private final int minLength;

  public PasswordPolicy(int minLength) {
    this.minLength = minLength;
  }

  /**
   * Why {@code password} is too weak for the account with {@code email}, or empty when it is not.
   */
  public Optional<String> weakness(String password, String email) {
    if (password.codePointCount(0, password.length()) < minLength) {
      return Optional.of("The password must have at least " + minLength + " characters.");
    }
    if (kinds(password) < 2) {
      return Optional.of(
          "The password must mix at least two of: lower-case letters, upper-case letters, digits,"
              + " other characters.");
    }
    if (email != null
        && password.toLowerCase(Locale.ROOT).contains(email.toLowerCase(Locale.ROOT))) {
      return Optional.of("The password must not contain the email address.");
    }
    return Optional.empty();
  }

  private static int kinds(String password) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < password.length(); ) {
      int c = password.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLowerCase(c)) {
        lower = true;
      } else if (Character.isUpperCase(c)) {
        upper = true;
      } else if (Character.isDigit(c)) {
        digit = true;
      } else {
        other = true;
      }
    }
    int kinds = 0;
    for (boolean present : new boolean[] {lower, upper, digit, other}) {
      kinds += present ? 1 : 0;
    }
    return kinds;
  }
}
