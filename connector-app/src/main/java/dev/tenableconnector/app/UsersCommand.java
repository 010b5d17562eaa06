package dev.tenableconnector.app;

import dev.tenableconnector.core.store.InventoryStore;
import dev.tenableconnector.core.store.InventoryStores;
import dev.tenableconnector.service.access.Role;
import dev.tenableconnector.service.access.Users;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Adds, lists and removes the service's users, each with a role and a token of their own. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    versionProvider = TenableConnectorCli.VersionProvider.class,
    description = {
      "The service's users besides the admin token, each with a role and a token of their own:"
          + " admin (everything), operator (connectors, runs and the inventory; not the audit log"
          + " or policy changes), viewer (reads the inventory and its reports only).",
      "  users add --name NAME --role viewer   prints the new user's token once",
      "  users list                            names, roles, when added (never a token)",
      "  users remove --name NAME              the token stops working at once",
      "A user signs in to the web UI with their token, or sends it as Authorization: Bearer.",
      "Exit codes: 0 done, 1 failed, 2 bad options."
    })
final class UsersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin InventoryOption inventory = new InventoryOption();

  @Parameters(index = "0", paramLabel = "add|list|remove", description = "What to do.")
  String action;

  @Option(names = "--name", description = "The user's name (1-64 letters, digits, . _ @ -).")
  String name;

  @Option(names = "--role", description = "admin, operator or viewer (for add).")
  String role;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!inventory.exists("users", err)) {
      return ExitCodes.USAGE;
    }
    try (InventoryStore store = InventoryStores.open(inventory.db, System.getenv())) {
      Users users = new Users(store.sql(), Clock.systemUTC());
      switch (action) {
        case "add" -> {
          Role r = Role.parse(role);
          if (name == null || r == null) {
            err.println("users add: give --name NAME and --role admin|operator|viewer");
            return ExitCodes.USAGE;
          }
          String token = users.add(name, r);
          out.println("Added " + name + " (" + r.label() + "). Their token, shown once:");
          out.println("  " + token);
        }
        case "list" ->
            users
                .list()
                .forEach(
                    u ->
                        out.printf(
                            "%-24s %-9s added %s%n", u.name(), u.role().label(), u.createdAt()));
        case "remove" -> {
          if (name == null || !users.remove(name)) {
            err.println("users remove: there is no user " + name);
            return ExitCodes.USAGE;
          }
          out.println("Removed " + name + "; their token no longer works.");
        }
        default -> {
          err.println("users: " + action + " is not add, list or remove");
          return ExitCodes.USAGE;
        }
      }
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      err.println("users: " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }
}
