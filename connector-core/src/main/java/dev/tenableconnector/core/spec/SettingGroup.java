package dev.tenableconnector.core.spec;

/** How settings are grouped in the wizard, the help and the docs. */
public enum SettingGroup {
  SCOPE("What to sync"),
  FILTERS("Tenable-side filters"),
  EXPORTS("Export sizes and version"),
  RELIABILITY("Retries, restarts and parallelism");

  private final String title;

  SettingGroup(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
