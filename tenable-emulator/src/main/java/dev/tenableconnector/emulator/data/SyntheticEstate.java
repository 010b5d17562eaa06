package dev.tenableconnector.emulator.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A synthetic Tenable estate of any size that is never held in memory: each asset's and finding's
 * state at a time step is computed from the seed, the indices and the step times. Step 0 is "now"
 * when the emulator starts; {@link #advance} adds a step in which a share of assets is scanned
 * (findings fixed, reopened, found), deleted or terminated, and new assets appear.
 */
public final class SyntheticEstate {
  private static final long DAY = 86_400;
  private static final int SCAN = 200;
  private static final int INIT = 201;
  private static final int NEW_FINDING = 202;
  private static final int TRANSITION = 203;
  private static final int RECAST = 204;
  private static final int TIMING = 205;

  private final EstateSettings settings;
  private final PluginCatalog plugins;
  private final int newAssetsPerStep;
  private volatile Instant[] steps;

  public SyntheticEstate(EstateSettings settings, Instant epoch) {
    this.settings = settings;
    this.plugins = new PluginCatalog(settings.seed(), epoch);
    this.newAssetsPerStep = (int) Math.round(settings.assets() * settings.newAssetRate());
    this.steps = new Instant[] {epoch};
  }

  public EstateSettings settings() {
    return settings;
  }

  public PluginCatalog plugins() {
    return plugins;
  }

  /** Adds a step at {@code at} (moved just past the last step if it is not later); returns it. */
  public synchronized int advance(Instant at) {
    Instant[] current = steps;
    Instant last = current[current.length - 1];
    Instant time = at.isAfter(last) ? at : last.plusMillis(1);
    Instant[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = time;
    steps = next;
    return current.length;
  }

  /** The estate as it stands now; stays the same while later steps are added. */
  public View view() {
    return new View(steps);
  }

  /** The estate at one step. */
  public final class View {
    private final Instant[] times;
    private final int step;

    private View(Instant[] times) {
      this.times = times;
      this.step = times.length - 1;
    }

    public int step() {
      return step;
    }

    public Instant time() {
      return times[step];
    }

    public PluginCatalog plugins() {
      return plugins;
    }

    public long seed() {
      return settings.seed();
    }

    public boolean findingIds() {
      return settings.findingIds();
    }

    /** Assets that exist at this step, deleted and terminated ones included. */
    public int assetCount() {
      return settings.assets() + step * newAssetsPerStep;
    }

    public AssetState asset(int index) {
      long seed = settings.seed();
      AssetIdentity identity = AssetIdentity.of(seed, index);
      int created =
          index < settings.assets()
              ? 0
              : 1 + (index - settings.assets()) / Math.max(1, newAssetsPerStep);
      Instant createdAt;
      Instant lastScan;
      Instant deletedAt = null;
      Instant terminatedAt = null;
      if (created == 0) {
        Instant epoch = times[0];
        // 78 % scanned in the last 30 days, 7 % 31-90 days ago, 15 % 91 days to two years ago:
        // an estate whose findings span two years, as a real account's do.
        double age = Hash.unit(Hash.of(seed, index, INIT, 0));
        long scanAgo =
            age < 0.15
                ? (91 + Hash.below(Hash.of(seed, index, INIT, 1), 630)) * DAY
                : age < 0.22
                    ? 31 * DAY + Hash.below(Hash.of(seed, index, INIT, 1), (int) (60 * DAY))
                    : Hash.below(Hash.of(seed, index, INIT, 1), (int) (30 * DAY));
        lastScan = epoch.minusSeconds(scanAgo + 60);
        createdAt =
            lastScan.minusSeconds(
                (30 + Hash.below(Hash.of(seed, index, INIT, 2), 870)) * DAY
                    + Hash.below(Hash.of(seed, index, INIT, 3), (int) DAY));
        if (Hash.unit(Hash.of(seed, index, INIT, 4)) < 0.01) {
          deletedAt = between(lastScan, epoch, Hash.of(seed, index, INIT, 5));
        } else if (identity.cloud() != AssetIdentity.Cloud.ON_PREM
            && Hash.unit(Hash.of(seed, index, INIT, 6)) < 0.02) {
          terminatedAt = between(lastScan, epoch, Hash.of(seed, index, INIT, 7));
        }
      } else {
        createdAt = times[Math.min(created, step)];
        lastScan = createdAt;
      }
      Instant initialScan = lastScan;
      int[] scans = new int[0];
      int scanCount = 0;
      for (int s = created + 1; s <= step && deletedAt == null && terminatedAt == null; s++) {
        double r = Hash.unit(Hash.of(seed, index, SCAN, s));
        if (r < settings.scanRate()) {
          if (scanCount == scans.length) {
            scans = Arrays.copyOf(scans, Math.max(4, scans.length * 2));
          }
          scans[scanCount++] = s;
          lastScan = times[s];
        } else if (r < settings.scanRate() + settings.deleteRate()) {
          deletedAt = times[s];
        } else if (identity.cloud() != AssetIdentity.Cloud.ON_PREM
            && r < settings.scanRate() + settings.deleteRate() + settings.terminateRate()) {
          terminatedAt = times[s];
        }
      }
      Instant updatedAt = lastScan;
      if (deletedAt != null && deletedAt.isAfter(updatedAt)) {
        updatedAt = deletedAt;
      }
      if (terminatedAt != null && terminatedAt.isAfter(updatedAt)) {
        updatedAt = terminatedAt;
      }
      return new AssetState(
          index,
          identity,
          created,
          createdAt,
          createdAt.plusSeconds(5),
          initialScan,
          lastScan,
          updatedAt,
          deletedAt,
          terminatedAt,
          Arrays.copyOf(scans, scanCount));
    }

    /** The findings of an asset at this step, FIXED ones included, in slot order. */
    public List<FindingState> findings(AssetState asset) {
      List<Mutable> findings = replay(asset, false);
      List<FindingState> out = new ArrayList<>(findings.size());
      for (Mutable f : findings) {
        out.add(f.freeze(settings.seed(), asset.index()));
      }
      return out;
    }

    /**
     * Every change of state each finding of an asset went through up to this step, in slot order:
     * the truth a connector's recorded history is checked against. A finding of an asset that is
     * deleted or terminated ends with {@code ASSET_DELETED} / {@code ASSET_TERMINATED} unless it
     * was fixed by then.
     */
    public List<List<TrueTransition>> transitions(AssetState asset) {
      List<Mutable> findings = replay(asset, true);
      Instant gone = asset.deletedAt() != null ? asset.deletedAt() : asset.terminatedAt();
      String goneTo = asset.deletedAt() != null ? "ASSET_DELETED" : "ASSET_TERMINATED";
      List<List<TrueTransition>> out = new ArrayList<>(findings.size());
      for (Mutable f : findings) {
        if (gone != null && !"FIXED".equals(f.state)) {
          f.transitions.add(new TrueTransition(gone, f.state, goneTo));
        }
        out.add(List.copyOf(f.transitions));
      }
      return out;
    }

    private List<Mutable> replay(AssetState asset, boolean record) {
      long seed = settings.seed();
      int index = asset.index();
      long h = Hash.of(seed, index, INIT, 10);
      int slots =
          Hash.unit(Hash.of(seed, index, INIT, 11)) < 0.03
              ? 0
              : (int) Math.round(settings.findingsPerAsset() * (0.5 + Hash.unit(h)));
      // Only plugins for this host's platform and role, and only those published by its first
      // scan here: an Ubuntu web server has no MS SQL finding, and no check finds a
      // vulnerability before the check exists.
      AssetIdentity id = asset.identity();
      int[] host = plugins.forHost(id.platform(), id.role());
      int eligible = Math.max(1, plugins.publishedBy(host, asset.initialScanAt()));
      int stride = coprimeStride(Hash.of(seed, index, INIT, 12), eligible);
      int start = Hash.below(Hash.of(seed, index, INIT, 13), eligible);
      List<Mutable> findings = new ArrayList<>(slots + asset.scanSteps().length);
      Instant created = asset.createdAt();
      for (int j = 0; j < Math.min(slots, eligible); j++) {
        Mutable f = initial(asset, j, plugin(host, eligible, start, stride, j), created);
        if (record) {
          f.recordInitial();
        }
        findings.add(f);
      }
      for (int s : asset.scanSteps()) {
        Instant t = times[s];
        for (Mutable f : findings) {
          double u = Hash.unit(Hash.of(seed, index, TRANSITION, ((long) s << 16) | f.slot));
          if (!f.state.equals("FIXED")) {
            if (u < settings.fixRate()) {
              if (record) {
                f.transitions.add(new TrueTransition(t, f.state, "FIXED"));
              }
              f.state = "FIXED";
              f.lastFixed = t;
            } else {
              f.lastFound = t;
            }
            f.changed = t;
          } else if (u < settings.reopenRate()) {
            if (record) {
              f.transitions.add(new TrueTransition(t, "FIXED", "REOPENED"));
            }
            f.state = "REOPENED";
            f.lastFound = t;
            f.resurfaced = t;
            f.changed = t;
          }
        }
        if (findings.size() < eligible
            && Hash.unit(Hash.of(seed, index, NEW_FINDING, s)) < settings.newFindingRate()) {
          int j = findings.size();
          Mutable f = new Mutable(j, plugin(host, eligible, start, stride, j));
          f.state = "OPEN";
          f.firstFound = t;
          f.lastFound = t;
          f.changed = t;
          if (record) {
            f.transitions.add(new TrueTransition(t, null, "OPEN"));
          }
          findings.add(f);
        }
      }
      return findings;
    }

    private Mutable initial(AssetState asset, int j, Plugin plugin, Instant created) {
      long seed = settings.seed();
      int index = asset.index();
      Mutable f = new Mutable(j, plugin);
      Instant scan0 = asset.initialScanAt();
      if (asset.createdStep() > 0) {
        f.state = "OPEN";
        f.firstFound = scan0;
        f.lastFound = scan0;
        f.changed = scan0;
        return f;
      }
      Instant foundFrom = plugin.published().isAfter(created) ? plugin.published() : created;
      f.firstFound =
          between(
              foundFrom.isAfter(scan0) ? scan0 : foundFrom,
              scan0,
              Hash.of(seed, index, INIT, 100 + j));
      double roll = Hash.unit(Hash.of(seed, index, INIT, 5000 + j));
      if (roll < 0.80) {
        f.state = "OPEN";
        f.lastFound = scan0;
      } else if (roll < 0.87) {
        f.state = "REOPENED";
        f.lastFixed = between(f.firstFound, scan0, Hash.of(seed, index, INIT, 9000 + j));
        f.resurfaced = between(f.lastFixed, scan0, Hash.of(seed, index, INIT, 9300 + j));
        f.lastFound = scan0;
      } else {
        // Half were fixed by the latest scan; the others long before it and stayed fixed.
        f.state = "FIXED";
        f.lastFound = between(f.firstFound, scan0, Hash.of(seed, index, INIT, 9000 + j));
        f.lastFixed =
            Hash.unit(Hash.of(seed, index, INIT, 9500 + j)) < 0.5
                ? scan0
                : between(f.lastFound, scan0, Hash.of(seed, index, INIT, 9700 + j));
      }
      f.changed = scan0;
      return f;
    }

    /** The plugin of a slot: a stride coprime with {@code n} visits each of the n once. */
    private Plugin plugin(int[] host, int n, int start, int stride, int slot) {
      return plugins.get(host[(int) ((start + (long) stride * slot) % n)]);
    }
  }

  private static int coprimeStride(long hash, int n) {
    if (n <= 2) {
      return 1;
    }
    int stride = 1 + Hash.below(hash, n - 1);
    while (gcd(stride, n) != 1) {
      stride = stride % (n - 1) + 1;
    }
    return stride;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static Instant between(Instant from, Instant to, long hash) {
    long span = Duration.between(from, to).toMillis();
    if (span <= 0) {
      return from;
    }
    return from.plusMillis((long) (Hash.unit(hash) * span));
  }

  /** A finding while its history is replayed. */
  private static final class Mutable {
    final int slot;
    final Plugin plugin;
    String state;
    Instant firstFound;
    Instant lastFound;
    Instant lastFixed;
    Instant resurfaced;
    Instant changed;
    final List<TrueTransition> transitions = new ArrayList<>(2);

    Mutable(int slot, Plugin plugin) {
      this.slot = slot;
      this.plugin = plugin;
    }

    /** The changes an initial finding went through before the emulator's first step. */
    void recordInitial() {
      transitions.add(new TrueTransition(firstFound, null, "OPEN"));
      if (lastFixed != null) {
        transitions.add(new TrueTransition(lastFixed, "OPEN", "FIXED"));
      }
      if (resurfaced != null) {
        transitions.add(new TrueTransition(resurfaced, "FIXED", "REOPENED"));
      }
    }

    FindingState freeze(long seed, int index) {
      int base = plugin.severityId();
      int effective = base;
      String modification = "NONE";
      double r = Hash.unit(Hash.of(seed, index, RECAST, slot));
      if (base > 0 && r < 0.03) {
        effective = base == 4 ? 3 : base + 1;
        modification = "RECASTED";
      } else if (base > 0 && r < 0.04) {
        modification = "ACCEPTED";
      }
      Instant indexed =
          changed.plusSeconds(30 + Hash.below(Hash.of(seed, index, TIMING, slot), 600));
      return new FindingState(
          slot,
          plugin,
          state,
          firstFound,
          lastFound,
          lastFixed,
          resurfaced,
          indexed,
          effective,
          base,
          modification);
    }
  }
}
