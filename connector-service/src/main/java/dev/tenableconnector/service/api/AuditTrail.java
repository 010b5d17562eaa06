package dev.tenableconnector.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.core.store.InventoryStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every change made through the service (POST, PUT, PATCH, DELETE on the API and the
 * web UI's sign-in and sign-out) and every refused credential, kept in the database with who, how,
 * from where, what and how it ended, and read back at {@code GET /api/audit}. It holds no body, no
 * query string and no secret.
 */
final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final int MAX_PAGE = 1000;

  private final Supplier<InventoryStore> store;
  private final ObjectMapper mapper;
  private final Clock clock;

  AuditTrail(Supplier<InventoryStore> store, ObjectMapper mapper, Clock clock) {
    this.store = store;
    this.mapper = mapper;
    this.clock = clock;
  }

  void register(RouteTable routes) {
    routes.add(HandlerType.GET, "/api/audit", this::page);
  }

  /** After every request: keeps it when it changed something or was refused its credential. */
  void after(Context ctx) {
    String method = ctx.method().name();
    int status = ctx.statusCode();
    boolean refused =
        status == 401 || status == 403 || status == 429 && ctx.path().startsWith("/ui/login");
    boolean signIn =
        ctx.path().equals(dev.tenableconnector.service.access.OidcSettings.CALLBACK_PATH);
    if (!CHANGES.contains(method) && !refused && !signIn) {
      return;
    }
    if (!ctx.path().startsWith("/api/") && !ctx.path().startsWith("/ui/")) {
      return;
    }
    dev.tenableconnector.service.access.Principal who = ctx.attribute(ApiServer.PRINCIPAL);
    String actor = who == null ? "unknown" : who.name();
    String via =
        ctx.path().startsWith("/ui/") || ctx.attribute(ApiServer.VIA_UI) != null
            ? "web UI"
            : "API token";
    try {
      store
          .get()
          .sql()
          .write(
              c -> {
                try (PreparedStatement s =
                    c.prepareStatement(
                        "INSERT INTO audit_log (at, actor, via, address, method, path, status)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                  s.setString(1, clock.instant().toString());
                  s.setString(2, actor);
                  s.setString(3, via);
                  s.setString(4, ctx.ip());
                  s.setString(5, method);
                  s.setString(6, ctx.path());
                  s.setInt(7, status);
                  return s.executeUpdate();
                }
              });
    } catch (RuntimeException e) {
      // The request is answered already; the gap is said where an operator looks.
      log.warn("audit log: {} {} ({}) not recorded: {}", method, ctx.path(), status, e.toString());
    }
  }

  /** {@code GET /api/audit?limit=100&before=ID}: newest first. */
  private void page(Context ctx) {
    RequestReader params = new RequestReader(ctx).onlyThese(Set.of("limit", "before"));
    int limit = params.integer("limit", 100, 1, MAX_PAGE);
    long before = params.integer("before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    params.check();
    ObjectNode out = mapper.createObjectNode();
    ArrayNode entries = out.putArray("entries");
    store
        .get()
        .sql()
        .write(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id, at, actor, via, address, method, path, status FROM audit_log"
                          + " WHERE id < ? ORDER BY id DESC LIMIT ?")) {
                s.setLong(1, before);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                  while (rs.next()) {
                    ObjectNode e = entries.addObject();
                    e.put("id", rs.getLong(1));
                    e.put("at", rs.getString(2));
                    e.put("actor", rs.getString(3));
                    e.put("via", rs.getString(4));
                    e.put("address", rs.getString(5));
                    e.put("method", rs.getString(6));
                    e.put("path", rs.getString(7));
                    e.put("status", rs.getInt(8));
                  }
                }
              }
              return null;
            });
    ctx.json(out);
  }
}
