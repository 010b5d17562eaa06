package dev.tenableconnector.core.model;

/**
 * What a finding field describes: the finding itself, the plugin that found it (the same for every
 * finding of one plugin version) or the asset it is on (the same for every finding of one asset as
 * one scan saw it). The store keeps plugin and asset facts once, however many findings share them.
 * An asset record's fields are all its own.
 */
public enum FactOwner {
  FINDING,
  PLUGIN,
  ASSET,
  /**
   * The scan that last saw the finding (its raw {@code scan} object; no normalized field is its):
   * shared by the findings one scan of an asset found.
   */
  SCAN
}
