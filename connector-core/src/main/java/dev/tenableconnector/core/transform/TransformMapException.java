package dev.tenableconnector.core.transform;

import java.util.List;

/** A transform map or severity mapping file that cannot be used, with every problem found in it. */
public final class TransformMapException extends RuntimeException {
  private final List<String> problems;

  public TransformMapException(String origin, List<String> problems) {
    super(origin + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
