package dev.tenableconnector.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sync's sight of a finding adds to its history, given what the history held before: the
 * state transitions it observed and how its episodes (from being found to being fixed) open and
 * close. Episodes follow Tenable's own dates: one opens at {@code first_found} (later ones at
 * {@code resurfaced_date}) and closes at {@code last_fixed}; changes Tenable merged between two
 * syncs are flagged, and a close time Tenable did not report is bounded by the next episode's start
 * and marked as unknown, never invented.
 */
public final class HistoryRules {
  private HistoryRules() {}

  /** Tenable's finding states. */
  public static final String OPEN = "OPEN";

  public static final String REOPENED = "REOPENED";
  public static final String FIXED = "FIXED";

  /** How an episode ended. */
  public enum CloseReason {
    /** Tenable reported it fixed, at {@code last_fixed}. */
    FIXED,
    /** Its asset was deleted in Tenable. */
    ASSET_DELETED,
    /** Its asset (a cloud instance) was terminated. */
    ASSET_TERMINATED,
    /**
     * It reopened before a sync saw it fixed and Tenable no longer reports when: the close time is
     * the next episode's start, an upper bound.
     */
    UNKNOWN
  }

  /** How a transition came to be recorded, when not plainly observed. */
  public enum Flag {
    /** Tenable merged several changes between two syncs; only the net change was seen. */
    MERGED,
    /** The finding's state when its history began (kept from before history was recorded). */
    BASELINE
  }

  /** One sight of a finding: its state and Tenable's dates, severity and modification now. */
  public record Observation(
      String key,
      String state,
      Instant firstFound,
      Instant lastFound,
      Instant lastFixed,
      Instant resurfaced,
      Long severity,
      String modification) {

    boolean active() {
      return !FIXED.equals(state);
    }
  }

  /** One episode of a finding: open while {@code closed} is null. */
  public record Episode(Instant opened, Instant closed, CloseReason reason) {
    public boolean open() {
      return closed == null;
    }
  }

  /** One recorded change of state; {@code from} is null the first time a finding is seen. */
  public record Transition(
      Instant at, String from, String to, Long severity, String modification, Flag flag) {}

  /**
   * What a sight adds: transitions to append, the close of the last stored episode (null when it
   * stays as it is), and episodes to append after it.
   */
  public record Step(List<Transition> transitions, Episode closeLast, List<Episode> appended) {
    public boolean isEmpty() {
      return transitions.isEmpty() && closeLast == null && appended.isEmpty();
    }
  }

  /**
   * The history a sight adds. {@code before} is the state the store held (null for a finding never
   * seen), {@code known} its stored episodes oldest first, {@code seenAt} when the sync saw it (the
   * fallback for dates Tenable left out).
   */
  public static Step observe(
      Observation o, String before, List<Episode> known, Instant seenAt, Flag firstFlag) {
    List<Episode> inserted = new ArrayList<>(2);
    Episode closeLast = null;
    Instant firstFound = o.firstFound() == null ? seenAt : o.firstFound();
    Instant start = episodeStart(o, firstFound);
    Episode last = known.isEmpty() ? null : known.get(known.size() - 1);
    boolean newEpisode;
    if (last == null) {
      newEpisode = true;
      if (start.isAfter(firstFound)) {
        // Seen for the first time after it had already been fixed and found again: the episode
        // Tenable's dates show before this one.
        Instant fixedBefore = fixedWithin(o.lastFixed(), firstFound, start);
        Episode earlier =
            fixedBefore != null
                ? new Episode(firstFound, fixedBefore, CloseReason.FIXED)
                : new Episode(firstFound, start, CloseReason.UNKNOWN);
        inserted.add(earlier);
      }
    } else if (start.isAfter(last.opened())) {
      newEpisode = true;
      if (last.open()) {
        Instant fixedBefore = fixedWithin(o.lastFixed(), last.opened(), start);
        closeLast =
            fixedBefore != null
                ? new Episode(last.opened(), fixedBefore, CloseReason.FIXED)
                : new Episode(last.opened(), start, CloseReason.UNKNOWN);
      }
    } else if (o.active() && !last.open()) {
      // Active again with no new resurfaced date: it opens when a scan found it again.
      newEpisode = true;
      start =
          o.lastFound() != null && o.lastFound().isAfter(last.closed())
              ? o.lastFound()
              : last.closed();
    } else {
      newEpisode = false;
    }
    if (newEpisode && last != null && !last.open() && start.isBefore(last.closed())) {
      start = last.closed(); // episodes never overlap, whatever dates Tenable sends later
    }
    if (newEpisode) {
      Episode current =
          o.active()
              ? new Episode(start, null, null)
              : new Episode(start, fixedAt(o, start, seenAt), CloseReason.FIXED);
      inserted.add(current);
    } else if (!o.active() && last.open()) {
      closeLast = new Episode(last.opened(), fixedAt(o, last.opened(), seenAt), CloseReason.FIXED);
    }

    List<Transition> transitions = new ArrayList<>(1);
    boolean changed = before == null || !before.equals(o.state());
    // More than one boundary crossed since the last sight: Tenable merged the changes.
    boolean fixedSinceLastClose =
        last != null
            && !last.open()
            && o.lastFixed() != null
            && o.lastFixed().isAfter(last.closed());
    boolean merged =
        before != null
            && (OPEN.equals(before) && REOPENED.equals(o.state())
                || newEpisode && (!o.active() || !changed)
                || fixedSinceLastClose);
    if (changed || merged) {
      Flag flag = merged ? Flag.MERGED : before == null ? firstFlag : null;
      transitions.add(
          new Transition(
              transitionTime(o, firstFound, start, seenAt, newEpisode),
              before,
              o.state(),
              o.severity(),
              o.modification(),
              flag));
    }
    return new Step(transitions, closeLast, inserted);
  }

  /**
   * The findings of an asset that was deleted or terminated: their open episode closes when the
   * asset went, and a transition says so.
   */
  public static Step assetGone(
      String state,
      Long severity,
      String modification,
      Episode open,
      Instant goneAt,
      boolean deleted) {
    Instant at = goneAt.isBefore(open.opened()) ? open.opened() : goneAt;
    CloseReason reason = deleted ? CloseReason.ASSET_DELETED : CloseReason.ASSET_TERMINATED;
    return new Step(
        List.of(new Transition(at, state, reason.name(), severity, modification, null)),
        new Episode(open.opened(), at, reason),
        List.of());
  }

  /** Where the current episode starts: its resurfacing, else its first finding. */
  static Instant episodeStart(Observation o, Instant firstFound) {
    Instant r = o.resurfaced();
    if (r == null || !r.isAfter(firstFound)) {
      return firstFound;
    }
    // A FIXED record whose resurfacing comes after its fix is inconsistent: trust the first find.
    if (!o.active() && o.lastFixed() != null && !r.isBefore(o.lastFixed())) {
      return firstFound;
    }
    return r;
  }

  private static Instant fixedWithin(Instant lastFixed, Instant from, Instant to) {
    return lastFixed != null && !lastFixed.isBefore(from) && !lastFixed.isAfter(to)
        ? lastFixed
        : null;
  }

  private static Instant fixedAt(Observation o, Instant opened, Instant seenAt) {
    Instant at = o.lastFixed() != null ? o.lastFixed() : seenAt;
    return at.isBefore(opened) ? opened : at;
  }

  private static Instant transitionTime(
      Observation o, Instant firstFound, Instant start, Instant seenAt, boolean newEpisode) {
    if (!o.active()) {
      return o.lastFixed() != null ? o.lastFixed() : seenAt;
    }
    if (REOPENED.equals(o.state()) || newEpisode && start.isAfter(firstFound)) {
      return start;
    }
    return firstFound;
  }
}
