package io.tourbook.listing.model;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What the listing service knows of a provider account, learned from iam events: a provider may
 * manage listings, and their listings are visible, only while verified and active.
 */
public record ProviderState(String providerId, boolean verified, String status) {

  public static final String ACTIVE = "active";

  public boolean eligible() {
    return verified && ACTIVE.equals(status);
  }

  /** Why this provider may not manage listings, or empty when they may. */
  public Optional<String> refusal() {
    if (!verified) {
      return Optional.of("Your provider account is not verified yet.");
    }
    if (!ACTIVE.equals(status)) {
      return Optional.of("Your provider account is " + status + ".");
    }
    return Optional.empty();
  }

  /** The state held in an iam account document (an event's data). */
  public static ProviderState fromAccount(JsonObject account) {
    return new ProviderState(
        account.getString("_id"),
        Boolean.TRUE.equals(account.getValue("verified")),
        account.getValue("status") instanceof String status ? status : "unknown");
  }
}
