package io.tourbook.iam.model;

import io.tourbook.contracts.Times;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/**
 * The iam.accounts document (contracts: {@code {_id, email, name, role, status, verified, phone?,
 * location?, availability?, listings?, createdAt, lastChange}}), plus the internal {@code
 * emailLower} (unique) and {@code passwordHash}, neither of which is ever shown. The {@code
 * payments} and {@code tours} an account's view shows live in their own collections ({@code
 * RecordStore}).
 */
public final class Account {

  public static final String COLLECTION = "accounts";

  public static final String ID = "_id";
  public static final String EMAIL = "email";
  public static final String EMAIL_LOWER = "emailLower";
  public static final String NAME = "name";
  public static final String ROLE = "role";
  public static final String STATUS = "status";
  public static final String VERIFIED = "verified";
  public static final String PHONE = "phone";
  public static final String LOCATION = "location";
  public static final String AVAILABILITY = "availability";
  public static final String LISTINGS = "listings";
  public static final String PAYMENTS = "payments";
  public static final String TOURS = "tours";
  public static final String PASSWORD_HASH = "passwordHash";

  /** The request field; only its hash is stored. */
  public static final String PASSWORD = "password";

  public static final String CREATED_AT = "createdAt";
  public static final String LAST_CHANGE = "lastChange";

  public static final String ACTIVE = "active";
  public static final String SUSPENDED = "suspended";
  public static final Set<String> STATUSES = Set.of(ACTIVE, SUSPENDED);

  /** The roles anyone may register with; admins come from the bootstrap or another admin. */
  public static final Set<String> SELF_SERVICE_ROLES =
      Set.of(Roles.CUSTOMER, Roles.PROVIDER, Roles.REALTOR);

  /** Fields that only iam itself reads: never in a response. */
  private static final Set<String> INTERNAL = Set.of(PASSWORD_HASH, EMAIL_LOWER);

  private Account() {}

  /**
   * The key emails are unique under: {@link EmailAddress#key}.
   *
   * @throws IllegalArgumentException for an address {@link EmailAddress} refuses
   */
  public static String emailKey(String email) {
    return EmailAddress.key(email);
  }

  /** What a client may see of an account document: everything but the internal fields. */
  public static JsonObject view(JsonObject document) {
    JsonObject view = document.copy();
    INTERNAL.forEach(view::remove);
    return view;
  }

  public static boolean isSuspended(JsonObject document) {
    return SUSPENDED.equals(document.getString(STATUS));
  }

  /** The {@code lastChange} stamp of a write that changes what the account means. */
  public static JsonObject stamp(String type, Instant at, String actor) {
    return ChangeStamp.of(type, Times.format(at), actor);
  }
}
