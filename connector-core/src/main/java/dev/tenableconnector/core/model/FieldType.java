package dev.tenableconnector.core.model;

/** How a target field's value is typed in the normalized model and in exports. */
public enum FieldType {
  /** A string; several sources for it mean the first non-empty one wins. */
  STRING,
  /** A list of strings; every source row adds its values, duplicates dropped, order kept. */
  STRING_LIST,
  /** A whole number. */
  INTEGER,
  /** A decimal number; blank or unreadable values are empty, not zero. */
  NUMBER,
  BOOLEAN,
  /** A UTC instant, written as ISO-8601. */
  TIMESTAMP,
  /** A list of network interfaces, each with name, ipAddress, macAddress and fqdn. */
  INTERFACE_LIST;

  public boolean isList() {
    return this == STRING_LIST || this == INTERFACE_LIST;
  }
}
