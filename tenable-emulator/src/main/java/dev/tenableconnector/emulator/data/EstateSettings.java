package dev.tenableconnector.emulator.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a synthetic estate and how it changes per time step. Rates are per step; a scan
 * updates an asset and re-evaluates all its findings.
 *
 * @param seed the seed of every synthetic value
 * @param assets assets at step 0
 * @param findingsPerAsset mean finding slots per asset (each asset has 0.5 to 1.5 times it)
 * @param scanRate share of live assets scanned (so updated) per step
 * @param newAssetRate new assets per step, as a share of the step-0 count
 * @param deleteRate share of live assets deleted per step
 * @param terminateRate share of live cloud instances terminated per step
 * @param fixRate share of active findings fixed when their asset is scanned
 * @param reopenRate share of fixed findings reopened when their asset is scanned
 * @param newFindingRate chance that a scan finds one more vulnerability on the asset
 * @param findingIds whether findings carry Tenable's {@code finding_id} (newer tenants do)
 */
public record EstateSettings(
    long seed,
    int assets,
    int findingsPerAsset,
    double scanRate,
    double newAssetRate,
    double deleteRate,
    double terminateRate,
    double fixRate,
    double reopenRate,
    double newFindingRate,
    boolean findingIds) {

  public static EstateSettings of(long seed, int assets, int findingsPerAsset) {
    return new EstateSettings(
        seed, assets, findingsPerAsset, 0.01, 0.002, 0.002, 0.002, 0.15, 0.05, 0.3, true);
  }

  public EstateSettings {
    List<String> problems = new ArrayList<>();
    if (assets < 0) {
      problems.add("assets must be zero or more");
    }
    if (findingsPerAsset < 0 || findingsPerAsset > 500) {
      problems.add("findingsPerAsset must be between 0 and 500");
    }
    for (double rate :
        new double[] {
          scanRate, newAssetRate, deleteRate, terminateRate, fixRate, reopenRate, newFindingRate
        }) {
      if (rate < 0 || rate > 1) {
        problems.add("rates must be between 0 and 1 (got " + rate + ")");
        break;
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  public EstateSettings withScanRate(double rate) {
    return new EstateSettings(
        seed,
        assets,
        findingsPerAsset,
        rate,
        newAssetRate,
        deleteRate,
        terminateRate,
        fixRate,
        reopenRate,
        newFindingRate,
        findingIds);
  }

  public EstateSettings withFindingIds(boolean ids) {
    return new EstateSettings(
        seed,
        assets,
        findingsPerAsset,
        scanRate,
        newAssetRate,
        deleteRate,
        terminateRate,
        fixRate,
        reopenRate,
        newFindingRate,
        ids);
  }

  public EstateSettings withChangeRates(double newAssets, double delete, double terminate) {
    return new EstateSettings(
        seed,
        assets,
        findingsPerAsset,
        scanRate,
        newAssets,
        delete,
        terminate,
        fixRate,
        reopenRate,
        newFindingRate,
        findingIds);
  }
}
