package io.tourbook.platform.testsupport;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks every route of a node's route tables with every role, anonymously, with a valid token that
 * holds no role and with one whose only role does not exist, and reports each answer that
 * contradicts the table: 401 without a token, 403 for a role the route does not allow, and neither
 * for a role it allows (the route may still refuse the request for what it is).
 */
public final class AuthorizationMatrix {

  /** A caller whose valid token carries an empty role list. */
  public static final String NO_ROLE = "no-role";

  /** A role no route knows: a token claiming it must get no further than one without roles. */
  public static final String UNKNOWN_ROLE = "superuser";

  /** Who calls: anonymous, a role, or a valid token with no role or an unknown one. */
  public static final List<String> CALLERS =
      List.of(
          "anonymous",
          Roles.CUSTOMER,
          Roles.PROVIDER,
          Roles.REALTOR,
          Roles.ADMIN,
          NO_ROLE,
          UNKNOWN_ROLE);

  private static final String PROBE_ID = "matrix-probe";

  private AuthorizationMatrix() {}

  /** One cell of the matrix. */
  public record Cell(String mount, HttpMethod method, String path, String caller, int status) {

    boolean allowed(RouteTable.Access access) {
      return caller.equals("anonymous") ? !access.authenticated() : access.allows(caller);
    }
  }

  /**
   * The cells that contradict the tables; empty when every route answers as its table says. One
   * request at a time: no request waits for a connection while another is cut (the live event
   * stream's), and none is left in flight when the test ends.
   */
  public static Future<List<String>> violations(TestNode node) {
    List<String> violations = new ArrayList<>();
    Future<Void> checks = Future.succeededFuture();
    for (Map.Entry<String, RouteTable> table : node.node.routes().tables().entrySet()) {
      for (RouteTable.Entry entry : table.getValue().entries()) {
        for (String caller : CALLERS) {
          checks =
              checks.compose(
                  v ->
                      check(node, table.getKey(), entry, caller)
                          .map(
                              violation -> {
                                if (violation != null) {
                                  violations.add(violation);
                                }
                                return null;
                              }));
        }
      }
    }
    return checks.map(done -> List.copyOf(violations));
  }

  private static Future<String> check(
      TestNode node, String mount, RouteTable.Entry entry, String caller) {
    String path = "/api/v1/" + mount + entry.path().replaceAll(":[A-Za-z]+", PROBE_ID);
    String token =
        switch (caller) {
          case "anonymous" -> null;
          case NO_ROLE -> node.token("matrix-" + caller);
          default -> node.token("matrix-" + caller, caller);
        };
    return node.status(entry.method(), path, token, "{}")
        .map(
            status -> {
              Cell cell = new Cell(mount, entry.method(), entry.path(), caller, status);
              boolean allowed = cell.allowed(entry.access());
              boolean ok =
                  allowed
                      ? status != 401 && status != 403
                      : status == (caller.equals("anonymous") ? 401 : 403);
              return ok ? null : cell + " contradicts " + entry.access();
            });
  }
}
