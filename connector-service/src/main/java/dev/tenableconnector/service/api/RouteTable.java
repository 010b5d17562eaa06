package dev.tenableconnector.service.api;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers routes on the server and remembers them, so that a test can check each is documented.
 */
final class RouteTable {
  private final Javalin app;
  private final List<ApiServer.Route> routes = new ArrayList<>();

  RouteTable(Javalin app) {
    this.app = app;
  }

  void add(HandlerType method, String path, Handler handler) {
    routes.add(new ApiServer.Route(method.name(), path));
    app.addHttpHandler(method, path, handler);
  }

  List<ApiServer.Route> routes() {
    return List.copyOf(routes);
  }
}
