package dev.tenableconnector.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * A transform map or severity mapping that cannot be used, with every problem found (the first
 * {@link #LISTED}, then how many more: a pasted 1 MB file of junk must not answer with 8 MB).
 */
public final class TransformMapException extends RuntimeException {
  /** Problems listed one by one; the rest are counted. */
  public static final int LISTED = 100;

  /** Characters of one problem shown (a problem may quote a pasted value). */
  static final int MAX_PROBLEM = 500;

  private final List<String> problems;

  public TransformMapException(String origin, List<String> problems) {
    this(origin, capped(problems), problems.size());
  }

  private TransformMapException(String origin, List<String> listed, int total) {
    super(
        origin
            + " has "
            + total
            + (total == 1 ? " problem" : " problems")
            + ":\n  - "
            + String.join("\n  - ", listed));
    this.problems = listed;
  }

  private static List<String> capped(List<String> problems) {
    List<String> out = new ArrayList<>();
    for (String problem : problems.subList(0, Math.min(LISTED, problems.size()))) {
      out.add(problem.length() > MAX_PROBLEM ? problem.substring(0, MAX_PROBLEM) + "…" : problem);
    }
    if (problems.size() > LISTED) {
      out.add("… and " + (problems.size() - LISTED) + " more problems");
    }
    return List.copyOf(out);
  }

  /** The problems, at most {@link #LISTED} and a last line counting the rest. */
  public List<String> problems() {
    return problems;
  }
}
