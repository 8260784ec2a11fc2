package io.tourbook.iam.impl;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.iam.IamSettings;
import io.tourbook.iam.model.Account;
import io.tourbook.iam.model.BlockedTimes;
import io.tourbook.iam.model.EmailAddress;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.AccountStore.DuplicateEmailException;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RecordStore.Kind;
import io.tourbook.iam.throttle.LoginThrottle;
import io.tourbook.iam.throttle.ThrottledException;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.calendar.WeeklyHours;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages.Page;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts: registration, login, the caller's own account and the admin commands. Password
 * hashing runs on a dedicated worker pool whose size bounds the memory Argon2id takes.
 */
public final class AccountService {

  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final String WRONG_CREDENTIALS = "Wrong email or password.";
  private static final String SUSPENDED = "This account is suspended.";
  private static final String SYSTEM = "system";

  /** How many of an account's latest tour records, and of its payment records, it shows. */
  private static final int SHOWN_RECORDS = 100;

  private final IamSettings settings;
  private final AccountStore accounts;
  private final RecordStore records;
  private final LoginThrottle throttle;
  private final Sessions sessions;
  private final WorkerExecutor hashing;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Clock clock;

  private AccountService(
      IamSettings settings,
      AccountStore accounts,
      RecordStore records,
      LoginThrottle throttle,
      Sessions sessions,
      WorkerExecutor hashing,
      PasswordHasher hasher,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.records = records;
    this.throttle = throttle;
    this.sessions = sessions;
    this.hashing = hashing;
    this.hasher = hasher;
    this.policy = new PasswordPolicy(settings.passwordMinLength());
    this.clock = clock;
  }

  /** Builds the service; the hasher's decoy hash is computed on {@code hashing}. */
  public static Future<AccountService> create(
      IamSettings settings,
      AccountStore accounts,
      RecordStore records,
      LoginThrottle throttle,
      Sessions sessions,
      WorkerExecutor hashing,
      Clock clock) {
    return hashing
        .executeBlocking(
            () ->
                new PasswordHasher(
                    settings.argon2MemoryKib(),
                    settings.argon2Iterations(),
                    settings.argon2Parallelism()))
        .map(
            hasher ->
                new AccountService(
                    settings, accounts, records, throttle, sessions, hashing, hasher, clock));
  }

  /**
   * Self-registration of a customer, provider or realtor (the schema allows no other role). An
   * e-mail that already has an account gets the same answer as a new one, after the same hashing
   * work: the account as it would have been created, under an id that is never stored, so that
   * registration cannot tell who has an account. Nothing is written then.
   */
  public Future<JsonObject> register(JsonObject body) {
    String role = body.getString(Account.ROLE);
    if (!Account.SELF_SERVICE_ROLES.contains(role)) {
      return Future.failedFuture(ApiException.badRequest("This role cannot be registered."));
    }
    return create(body, role, false, null)
        .recover(
            failure ->
                isEmailTaken(failure)
                    ? Future.succeededFuture(
                        Account.view(
                            newAccount(body, role, false, null, UUID.randomUUID().toString())))
                    : Future.failedFuture(failure));
  }

  /** An admin creating another admin. */
  public Future<JsonObject> createAdmin(String adminId, JsonObject body) {
    return create(body, Roles.ADMIN, true, adminId);
  }

  /**
   * Creates the first admin from {@code iam.admin-email} / {@code iam.admin-password} when they are
   * set and no admin exists. Nodes starting together race on the unique email: one insert wins.
   */
  public Future<Void> bootstrapAdmin() {
    if (!settings.bootstrapsAdmin()) {
      return Future.succeededFuture();
    }
    return accounts
        .adminExists()
        .compose(
            exists -> {
              if (exists) {
                return Future.succeededFuture();
              }
              JsonObject admin =
                  new JsonObject()
                      .put(Account.EMAIL, settings.adminEmail().strip())
                      .put(Account.PASSWORD, settings.adminPassword())
                      .put(Account.NAME, "Administrator");
              return create(admin, Roles.ADMIN, true, SYSTEM)
                  .<Void>map(
                      created -> {
                        LOG.info("Created the first admin account {}", created.getString("_id"));
                        return null;
                      })
                  .recover(this::bootstrapFailed);
            });
  }

  private Future<Void> bootstrapFailed(Throwable failure) {
    if (isEmailTaken(failure)) {
      return accounts
          .adminExists()
          .compose(
              exists -> {
                if (!exists) {
                  LOG.warn(
                      "iam.admin-email belongs to an account that is not an admin: no admin created");
                }
                return Future.succeededFuture();
              });
    }
    if (failure instanceof ApiException api) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "iam.admin-email or iam.admin-password is not accepted: " + api.detail()));
    }
    return Future.failedFuture(failure);
  }

  /** Fails with {@link #emailTaken} (a 409) once the password was hashed all the same. */
  private Future<JsonObject> create(JsonObject body, String role, boolean verified, String actor) {
    String password = body.getString(Account.PASSWORD);
    JsonObject account;
    try {
      account = newAccount(body, role, verified, actor, UUID.randomUUID().toString());
    } catch (IllegalArgumentException refused) {
      return Future.failedFuture(ApiException.badRequest(refused.getMessage()));
    }
    String weakness = policy.weakness(password, account.getString(Account.EMAIL)).orElse(null);
    if (weakness != null) {
      return Future.failedFuture(ApiException.badRequest(weakness));
    }
    Future<Boolean> taken = accounts.emailTaken(account.getString(Account.EMAIL_LOWER));
    Future<String> hashed = hashing.executeBlocking(() -> hasher.hash(password), false);
    return Future.all(taken, hashed)
        .compose(
            both ->
                taken.result()
                    ? Future.failedFuture(emailTaken())
                    : accounts
                        .insert(account.put(Account.PASSWORD_HASH, hashed.result()))
                        .compose(v -> sessions.applyState(account.getString(Account.ID), account))
                        .map(v -> Account.view(account))
                        .recover(
                            failure ->
                                Future.failedFuture(
                                    failure instanceof DuplicateEmailException
                                        ? emailTaken()
                                        : failure)));
  }

  /**
   * The account document a registration creates, without its password hash.
   *
   * @throws IllegalArgumentException for an e-mail address {@link EmailAddress} refuses
   */
  private JsonObject newAccount(
      JsonObject body, String role, boolean verified, String actor, String id) {
    String email = EmailAddress.display(body.getString(Account.EMAIL));
    String now = Times.format(clock.instant());
    JsonObject account =
        new JsonObject()
            .put(Account.ID, id)
            .put(Account.EMAIL, email)
            .put(Account.EMAIL_LOWER, EmailAddress.key(email))
            .put(Account.NAME, body.getString(Account.NAME))
            .put(Account.ROLE, role)
            .put(Account.STATUS, Account.ACTIVE)
            .put(Account.VERIFIED, verified);
    copyIfPresent(body, account, Account.PHONE);
    copyIfPresent(body, account, Account.LOCATION);
    return account
        .put(Account.CREATED_AT, now)
        .put(
            Account.LAST_CHANGE,
            ChangeStamp.of(EventTypes.IAM_ACCOUNT_CREATED, now, actor != null ? actor : id));
  }

  /** The e-mail already has an account: a 409 where it may be said (an admin creating one). */
  private static ApiException emailTaken() {
    return ApiException.conflict("An account with this email already exists.");
  }

  private static boolean isEmailTaken(Throwable failure) {
    return failure instanceof ApiException api && api.status() == 409;
  }

  /**
   * Checks the credentials and opens a session ({@link Sessions#open}). An unknown email costs the
   * same hash work as a wrong password and gets the same answer. The attempt is counted by {@link
   * LoginThrottle} before the password is checked: fails with {@link ThrottledException} once a
   * limit is reached, and with 403 for a suspended account (only once the password was right).
   *
   * @param accountFound told the id of the account the e-mail names, when there is one, whatever
   *     the outcome (for the audit log)
   */
  public Future<JsonObject> login(
      String email, String password, String clientAddress, Consumer<String> accountFound) {
    String emailKey;
    try {
      emailKey = Account.emailKey(email);
    } catch (IllegalArgumentException refused) {
      return Future.failedFuture(ApiException.badRequest(refused.getMessage()));
    }
    return throttle
        .attempt(emailKey, clientAddress)
        .compose(allowed -> accounts.findForLogin(emailKey))
        .compose(
            account -> {
              if (account != null) {
                accountFound.accept(account.getString(Account.ID));
              }
              String hash = account == null ? null : account.getString(Account.PASSWORD_HASH);
              return hashing
                  .executeBlocking(() -> hasher.verify(password, hash), false)
                  .compose(
                      matches ->
                          matches
                              ? throttle
                                  .succeeded(emailKey, clientAddress)
                                  .compose(v -> loggedIn(account, password))
                              : Future.failedFuture(ApiException.unauthorized(WRONG_CREDENTIALS)));
            });
  }

  private Future<JsonObject> loggedIn(JsonObject account, String password) {
    if (Account.isSuspended(account)) {
      return Future.failedFuture(ApiException.forbidden(SUSPENDED));
    }
    String id = account.getString(Account.ID);
    return rehashIfOutdated(id, account.getString(Account.PASSWORD_HASH), password)
        .compose(v -> sessions.open(id, account.getString(Account.ROLE)));
  }

  /** Brings a hash made with an older cost up to the configured one; best effort. */
  private Future<Void> rehashIfOutdated(String id, String hash, String password) {
    if (!hasher.needsRehash(hash)) {
      return Future.succeededFuture();
    }
    return hashing
        .executeBlocking(() -> hasher.hash(password), false)
        .compose(newHash -> accounts.replacePasswordHash(id, hash, newHash))
        .recover(
            failure -> {
              LOG.warn("Could not rehash the password of account {}", id, failure);
              return Future.succeededFuture();
            });
  }

  /**
   * The caller's account, checked on every request of iam's own authenticated routes: fails with
   * 403 when it is suspended, so its tokens stop working here at once. Null when there is none.
   */
  public Future<JsonObject> activeAccount(String subject) {
    return accounts
        .find(subject)
        .compose(
            account ->
                account != null && Account.isSuspended(account)
                    ? Future.failedFuture(ApiException.forbidden(SUSPENDED))
                    : Future.succeededFuture(account));
  }

  /**
   * A realtor's availability: {@code {status, location?, timeZone?, workingHours?}}. Without a
   * location, the registered one applies; a time zone or working hours left out keep what the
   * realtor set before (the configured default if never).
   */
  public Future<JsonObject> setAvailability(String realtorId, JsonObject body) {
    try {
      if (body.getValue("timeZone") instanceof String zone) {
        WeeklyHours.parseZone(zone);
      }
      if (body.getValue("workingHours") instanceof JsonArray hours) {
        WeeklyHours.parsePeriods(hours);
      }
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(ApiException.badRequest(invalid.getMessage()));
    }
    return accounts
        .find(realtorId)
        .compose(
            current -> {
              JsonObject previous =
                  current != null
                          && current.getValue(Account.AVAILABILITY) instanceof JsonObject set
                      ? set
                      : new JsonObject();
              JsonObject availability =
                  new JsonObject().put(Account.STATUS, body.getString(Account.STATUS));
              copyIfPresent(body, availability, Account.LOCATION);
              for (String kept : List.of("timeZone", "workingHours")) {
                copyIfPresent(body.containsKey(kept) ? body : previous, availability, kept);
              }
              availability.put("at", Times.format(clock.instant()));
              return accounts.change(
                  realtorId,
                  new JsonObject()
                      .put(Account.ROLE, Roles.REALTOR)
                      .put(Account.STATUS, Account.ACTIVE),
                  new JsonObject().put(Account.AVAILABILITY, availability),
                  Account.stamp(
                      EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED, clock.instant(), realtorId));
            })
        .compose(changed -> changed ? get(realtorId) : whyUnchanged(realtorId));
  }

  /** The realtor's blocked-out times, earliest first. */
  public Future<JsonArray> blockedTimes(String realtorId) {
    return stored(realtorId).map(BlockedTimes::of);
  }

  /**
   * Adds a blocked-out time {@code {start, end, reason?}} (400 when it is not a span, 409 when the
   * realtor holds {@code max} already); the new entry with its id. It reaches availability as an
   * iam.realtor.availability-changed event.
   */
  public Future<JsonObject> addBlockedTime(String realtorId, JsonObject body, int max) {
    JsonObject entry;
    try {
      entry = BlockedTimes.entry(body);
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(ApiException.badRequest(invalid.getMessage()));
    }
    return stored(realtorId)
        .compose(
            account -> {
              JsonArray before = BlockedTimes.of(account);
              if (before.size() >= max) {
                return Future.failedFuture(
                    ApiException.conflict("At most " + max + " blocked times; delete some first."));
              }
              JsonArray after = BlockedTimes.sorted(before.copy().add(entry));
              return changeBlockedTimes(realtorId, account, after).map(entry);
            });
  }

  /** Deletes one of the realtor's blocked-out times; 404 when they have none with that id. */
  public Future<Void> removeBlockedTime(String realtorId, String blockedId) {
    return stored(realtorId)
        .compose(
            account -> {
              JsonArray before = BlockedTimes.of(account);
              JsonArray after = new JsonArray();
              before.forEach(
                  item -> {
                    if (!blockedId.equals(((JsonObject) item).getString("id"))) {
                      after.add(item);
                    }
                  });
              if (after.size() == before.size()) {
                return Future.failedFuture(ApiException.notFound("No such blocked time."));
              }
              return changeBlockedTimes(realtorId, account, after).mapEmpty();
            });
  }

  /**
   * Writes the realtor's blocked times if nobody changed them since {@code account} was read (else
   * 409: the caller retries with what is there now).
   */
  private Future<Void> changeBlockedTimes(String realtorId, JsonObject account, JsonArray after) {
    JsonObject expected =
        new JsonObject()
            .put(Account.ROLE, Roles.REALTOR)
            .put(Account.STATUS, Account.ACTIVE)
            .put(
                BlockedTimes.FIELD,
                account.containsKey(BlockedTimes.FIELD)
                    ? account.getValue(BlockedTimes.FIELD)
                    : new JsonObject().put("$exists", false));
    return accounts
        .change(
            realtorId,
            expected,
            new JsonObject().put(BlockedTimes.FIELD, after),
            Account.stamp(EventTypes.IAM_REALTOR_AVAILABILITY_CHANGED, clock.instant(), realtorId))
        .compose(
            changed ->
                changed
                    ? Future.<Void>succeededFuture()
                    : Account.isSuspended(account)
                        ? Future.failedFuture(ApiException.forbidden(SUSPENDED))
                        : Future.failedFuture(
                            ApiException.conflict(
                                "The blocked times changed meanwhile; read them and try again.")));
  }

  private Future<JsonObject> whyUnchanged(String realtorId) {
    return stored(realtorId)
        .compose(
            account ->
                Future.failedFuture(
                    Account.isSuspended(account)
                        ? ApiException.forbidden(SUSPENDED)
                        : ApiException.forbidden("Only realtors have an availability.")));
  }

  /** A page of accounts matching {@code filter}, which holds checked values only. */
  public Future<JsonObject> list(JsonObject filter, Page page) {
    Future<Long> total = accounts.count(filter);
    Future<List<JsonObject>> items = accounts.list(filter, page.skip(), page.size());
    return Future.all(total, items).map(both -> page.response(items.result(), total.result()));
  }

  /** The account, with what iam learned from events ({@link #withRecords}); 404 when none. */
  public Future<JsonObject> get(String id) {
    return stored(id).compose(this::withRecords);
  }

  /**
   * The account's view with the latest {@link #SHOWN_RECORDS} of its tour records and of its
   * payment records, each newest first; a kind it has none of is left out.
   */
  public Future<JsonObject> withRecords(JsonObject account) {
    String id = account.getString(Account.ID);
    Future<JsonArray> tours = records.latest(Kind.TOUR, id, SHOWN_RECORDS);
    Future<JsonArray> payments = records.latest(Kind.PAYMENT, id, SHOWN_RECORDS);
    return Future.all(tours, payments)
        .map(
            both -> {
              JsonObject view = Account.view(account);
              if (!tours.result().isEmpty()) {
                view.put(Kind.TOUR.field(), tours.result());
              }
              if (!payments.result().isEmpty()) {
                view.put(Kind.PAYMENT.field(), payments.result());
              }
              return view;
            });
  }

  /** The account as stored, without its secrets; 404 when there is none. */
  private Future<JsonObject> stored(String id) {
    return accounts
        .find(id)
        .compose(
            account ->
                account == null
                    ? Future.failedFuture(ApiException.notFound("There is no such account."))
                    : Future.succeededFuture(Account.view(account)));
  }

  /** Marks the account verified; verifying it again changes nothing and emits nothing. */
  public Future<JsonObject> verify(String adminId, String id) {
    return accounts
        .change(
            id,
            new JsonObject().put(Account.VERIFIED, new JsonObject().put("$ne", true)),
            new JsonObject().put(Account.VERIFIED, true),
            Account.stamp(EventTypes.IAM_ACCOUNT_VERIFIED, clock.instant(), adminId))
        .compose(changed -> get(id));
  }

  /**
   * Suspends or reactivates the account; setting the status it has changes nothing. Before the
   * answer, every node's check sees the new status and a suspended account's refresh tokens are
   * revoked ({@link Sessions#applyState}).
   */
  public Future<JsonObject> setStatus(String adminId, String id, String status) {
    if (id.equals(adminId)) {
      return Future.failedFuture(ApiException.forbidden("Admins cannot change their own status."));
    }
    return accounts
        .change(
            id,
            new JsonObject().put(Account.STATUS, new JsonObject().put("$ne", status)),
            new JsonObject().put(Account.STATUS, status),
            Account.stamp(EventTypes.IAM_ACCOUNT_STATUS_CHANGED, clock.instant(), adminId))
        .compose(changed -> get(id))
        .compose(account -> sessions.applyState(id, account).map(account));
  }

  private static void copyIfPresent(JsonObject from, JsonObject to, String field) {
    if (from.containsKey(field)) {
      to.put(field, from.getValue(field));
    }
  }
}
