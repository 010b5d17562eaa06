package dev.tenableconnector.client.model;

import static dev.tenableconnector.client.model.LenientJson.bool;
import static dev.tenableconnector.client.model.LenientJson.integer;
import static dev.tenableconnector.client.model.LenientJson.text;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The API user as {@code GET /session} describes it; the raw body is kept. */
public record TenableSession(
    String uuid,
    String username,
    String email,
    String name,
    int permissions,
    Boolean enabled,
    Integer containerId,
    String containerUuid,
    String containerName,
    ObjectNode raw) {

  public Role role() {
    return Role.of(permissions);
  }

  public static TenableSession from(ObjectNode r) {
    Integer permissions = integer(r, "permissions", "");
    String username = text(r, "username", "");
    return new TenableSession(
        text(r, "uuid", ""),
        username != null ? username : text(r, "user_name", ""),
        text(r, "email", ""),
        text(r, "name", ""),
        permissions == null ? -1 : permissions,
        bool(r, "enabled", ""),
        integer(r, "container_id", ""),
        text(r, "container_uuid", ""),
        text(r, "container_name", ""),
        r);
  }
}
