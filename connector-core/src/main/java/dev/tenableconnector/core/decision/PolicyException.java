package dev.tenableconnector.core.decision;

import java.util.List;

/** A remediation policy file with problems: every one of them, with where the file came from. */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public PolicyException(String origin, List<String> problems) {
    super(origin + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
