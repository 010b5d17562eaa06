package dev.tenableconnector.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenableconnector.core.history.HistoryRules.Episode;
import dev.tenableconnector.core.history.HistoryRules.Observation;
import dev.tenableconnector.core.history.HistoryRules.Step;
import dev.tenableconnector.core.history.HistoryRules.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The history rules over generated lives of a finding (found, fixed, found again, …) seen by syncs
 * at generated moments, each sight being what Tenable reports then: the state, {@code first_found},
 * the latest {@code last_fixed} and {@code resurfaced_date}.
 */
class HistoryRulesProperties {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /**
   * A life: event times (hours after T0, strictly increasing) and the syncs (hours) that see it.
   */
  record Life(List<Integer> events, List<Integer> syncs) {
    /** The i-th event opens an episode when i is even, closes it when odd. */
    Instant at(int i) {
      return T0.plusSeconds(3600L * events.get(i));
    }

    int eventsBy(int hour) {
      int n = 0;
      while (n < events.size() && events.get(n) <= hour) {
        n++;
      }
      return n;
    }

    Observation seenAt(int hour) {
      int n = eventsBy(hour);
      boolean active = n % 2 == 1;
      String state = active ? (n == 1 ? HistoryRules.OPEN : HistoryRules.REOPENED) : "FIXED";
      Instant lastFixed = n >= 2 ? at(active ? n - 2 : n - 1) : null;
      Instant resurfaced = n >= 3 ? at(active ? n - 1 : n - 2) : null;
      return new Observation(
          "f", state, at(0), T0.plusSeconds(3600L * hour), lastFixed, resurfaced, 4L, "NONE");
    }

    /** The true episodes up to a moment: [start, end) pairs, the last maybe open. */
    List<Episode> trueEpisodes(int hour) {
      int n = eventsBy(hour);
      List<Episode> out = new ArrayList<>();
      for (int i = 0; i < n; i += 2) {
        out.add(
            new Episode(
                at(i),
                i + 1 < n ? at(i + 1) : null,
                i + 1 < n ? HistoryRules.CloseReason.FIXED : null));
      }
      return out;
    }
  }

  @Provide
  Arbitrary<Life> lives() {
    Arbitrary<List<Integer>> gaps =
        Arbitraries.integers().between(1, 50).list().ofMinSize(1).ofMaxSize(9);
    Arbitrary<List<Integer>> syncGaps =
        Arbitraries.integers().between(1, 120).list().ofMinSize(1).ofMaxSize(8);
    return Combinators.combine(gaps, syncGaps)
        .as(
            (g, s) -> {
              List<Integer> events = new ArrayList<>();
              int t = 0;
              for (int gap : g) {
                t += gap;
                events.add(t);
              }
              List<Integer> syncs = new ArrayList<>();
              int u = events.get(0);
              for (int gap : s) {
                u += gap;
                syncs.add(u);
              }
              return new Life(events, syncs);
            });
  }

  /** Applies the rules at each sync, as the store does; returns the episodes and transitions. */
  private static Recorded replay(Life life) {
    List<Episode> episodes = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    String before = null;
    for (int hour : life.syncs()) {
      Observation o = life.seenAt(hour);
      Step step =
          HistoryRules.observe(
              o, before, List.copyOf(episodes), T0.plusSeconds(3600L * hour), null);
      if (step.closeLast() != null) {
        assertThat(episodes).as("a close needs an episode to close").isNotEmpty();
        assertThat(episodes.get(episodes.size() - 1).open())
            .as("only an open episode closes")
            .isTrue();
        episodes.set(episodes.size() - 1, step.closeLast());
      }
      episodes.addAll(step.appended());
      transitions.addAll(step.transitions());
      before = o.state();
    }
    return new Recorded(episodes, transitions);
  }

  record Recorded(List<Episode> episodes, List<Transition> transitions) {}

  @Property(tries = 2000)
  void episodesNeverOverlapAndCloseAfterTheyOpen(@ForAll("lives") Life life) {
    List<Episode> episodes = replay(life).episodes();
    assertThat(episodes).isNotEmpty();
    for (int i = 0; i < episodes.size(); i++) {
      Episode e = episodes.get(i);
      if (e.closed() != null) {
        assertThat(e.closed()).as("closes after it opens").isAfterOrEqualTo(e.opened());
      } else {
        assertThat(i).as("only the last episode is open").isEqualTo(episodes.size() - 1);
      }
      if (i > 0) {
        Episode prev = episodes.get(i - 1);
        assertThat(e.opened()).as("after the one before").isAfterOrEqualTo(prev.closed());
      }
    }
    boolean activeNow = life.seenAt(life.syncs().get(life.syncs().size() - 1)).active();
    assertThat(episodes.get(episodes.size() - 1).open()).isEqualTo(activeNow);
  }

  @Property(tries = 2000)
  void episodesOpenWhenTheFindingReallyWasFoundAndCloseNoEarlierThanItsFix(
      @ForAll("lives") Life life) {
    List<Episode> recorded = replay(life).episodes();
    int last = life.syncs().get(life.syncs().size() - 1);
    List<Episode> truth = life.trueEpisodes(last);
    TreeSet<Instant> starts = new TreeSet<>();
    truth.forEach(e -> starts.add(e.opened()));
    assertThat(recorded.size()).isLessThanOrEqualTo(truth.size());
    for (Episode e : recorded) {
      assertThat(starts).as("a real finding").contains(e.opened());
      Episode real = truth.stream().filter(t -> t.opened().equals(e.opened())).findFirst().get();
      if (e.closed() != null && real.closed() != null) {
        assertThat(e.closed()).isAfterOrEqualTo(real.closed());
      }
    }
  }

  /** A sync after every change sees every episode exactly, and each reopening once. */
  @Property(tries = 1000)
  void syncsAfterEveryChangeRecordTheTrueEpisodesAndReopeningsEqualEpisodesMinusOne(
      @ForAll("lives") Life life) {
    List<Integer> everyChange = new ArrayList<>(life.events());
    Life watched = new Life(life.events(), everyChange);
    Recorded r = replay(watched);
    int last = everyChange.get(everyChange.size() - 1);
    assertThat(r.episodes()).isEqualTo(life.trueEpisodes(last));
    long reopenings =
        r.transitions().stream().filter(t -> HistoryRules.REOPENED.equals(t.to())).count();
    assertThat(reopenings).isEqualTo(r.episodes().size() - 1);
    assertThat(r.transitions()).allSatisfy(t -> assertThat(t.flag()).isNull());
    assertThat(r.transitions()).hasSize(life.events().size());
  }

  /** Changes Tenable merged between two syncs are flagged, and only then. */
  @Property(tries = 2000)
  void aTransitionIsFlaggedMergedExactlyWhenMoreThanOneChangeHappenedSinceTheLastSync(
      @ForAll("lives") Life life) {
    List<Episode> episodes = new ArrayList<>();
    String before = null;
    int previous = -1;
    for (int hour : life.syncs()) {
      Observation o = life.seenAt(hour);
      Step step = HistoryRules.observe(o, before, List.copyOf(episodes), T0, null);
      if (step.closeLast() != null) {
        episodes.set(episodes.size() - 1, step.closeLast());
      }
      episodes.addAll(step.appended());
      int changes = previous < 0 ? 0 : life.eventsBy(hour) - life.eventsBy(previous);
      boolean merged =
          step.transitions().stream().anyMatch(t -> t.flag() == HistoryRules.Flag.MERGED);
      assertThat(merged).as("%d changes since the last sync", changes).isEqualTo(changes > 1);
      if (changes == 1) {
        assertThat(step.transitions()).hasSize(1);
      }
      if (changes == 0 && previous >= 0) {
        assertThat(step.transitions()).isEmpty();
      }
      before = o.state();
      previous = hour;
    }
  }
}
