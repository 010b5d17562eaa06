package dev.tenableconnector.client.export;

import java.util.Map;

/** The body of a request that starts an export, with the kind of export it starts. */
public interface ExportRequest<T> {
  ExportKind<T> kind();

  /** The JSON body, as plain maps and lists in the order Tenable documents them. */
  Map<String, Object> body();

  /** The filters only; used to recognise a job this request created. */
  @SuppressWarnings("unchecked")
  default Map<String, Object> filters() {
    Object filters = body().get("filters");
    return filters instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
