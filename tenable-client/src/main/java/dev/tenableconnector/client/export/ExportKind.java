package dev.tenableconnector.client.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenableconnector.client.model.TenableAsset;
import dev.tenableconnector.client.model.TenableFinding;
import java.util.Set;
import java.util.function.Function;

/**
 * A kind of Tenable export: where it is started, where its jobs live, and how one record of its
 * chunks is read. v2 asset jobs are started on their own path but polled and downloaded under
 * {@code /assets/export}, as Tenable and pyTenable do.
 */
public final class ExportKind<T> {
  public static final ExportKind<TenableAsset> ASSETS =
      new ExportKind<>("assets", "/assets/export", "/assets/export", TenableAsset::from, Set.of());
  public static final ExportKind<TenableAsset> ASSETS_V2 =
      new ExportKind<>(
          "assets-v2", "/assets/v2/export", "/assets/export", TenableAsset::fromV2, Set.of());

  /** A vuln record repeats its plugin's, its asset's and its scan's objects in every finding. */
  public static final ExportKind<TenableFinding> VULNS =
      new ExportKind<>(
          "vulns",
          "/vulns/export",
          "/vulns/export",
          TenableFinding::from,
          Set.of("plugin", "asset", "scan"));

  private final String name;
  private final String startPath;
  private final String jobPath;
  private final Function<ObjectNode, T> reader;
  private final Set<String> repeatedMembers;

  private ExportKind(
      String name,
      String startPath,
      String jobPath,
      Function<ObjectNode, T> reader,
      Set<String> repeatedMembers) {
    this.name = name;
    this.startPath = startPath;
    this.jobPath = jobPath;
    this.reader = reader;
    this.repeatedMembers = repeatedMembers;
  }

  /**
   * The object members that many records of a chunk carry byte for byte alike: their trees are
   * shared between the records (see {@code SharedMembers}), never to be changed.
   */
  public Set<String> repeatedMembers() {
    return repeatedMembers;
  }

  public String name() {
    return name;
  }

  /** The kind of this {@link #name()}. */
  public static ExportKind<?> named(String name) {
    return switch (name) {
      case "assets" -> ASSETS;
      case "assets-v2" -> ASSETS_V2;
      case "vulns" -> VULNS;
      default -> throw new IllegalArgumentException("unknown export kind " + name);
    };
  }

  public String startPath() {
    return startPath;
  }

  /** The path under which jobs of this kind are polled, downloaded, cancelled and listed. */
  public String jobPath() {
    return jobPath;
  }

  /** Reads one record; throws {@code RecordFormatException} when a value cannot be read. */
  public T read(ObjectNode record) {
    return reader.apply(record);
  }

  @Override
  public String toString() {
    return name;
  }
}
