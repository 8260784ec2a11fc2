package io.tourbook.platform.auth;

import java.util.Set;

/**
 * Who made an authenticated request, as stated by its verified token.
 *
 * @param subject the token's {@code sub}: the account id
 * @param roles the token's {@code roles}
 */
public record Caller(String subject, Set<String> roles) {

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
