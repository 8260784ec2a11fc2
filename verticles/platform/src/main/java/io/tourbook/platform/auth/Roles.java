package io.tourbook.platform.auth;

import java.util.Set;

/** The roles carried in a token's {@code roles} claim. */
public final class Roles {

  public static final String CUSTOMER = "customer";
  public static final String PROVIDER = "provider";
  public static final String REALTOR = "realtor";
  public static final String ADMIN = "admin";

  public static final Set<String> ALL = Set.of(CUSTOMER, PROVIDER, REALTOR, ADMIN);

  private Roles() {}
}
