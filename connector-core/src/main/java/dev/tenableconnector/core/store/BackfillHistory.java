package dev.tenableconnector.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenableconnector.core.history.HistoryRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The migration that starts the history of every finding stored before history was recorded: each
 * gets its episodes from Tenable's dates and one transition to its state flagged {@code BASELINE},
 * through the same rules a sync applies to a finding it sees for the first time. Runs in the
 * migration's transaction, a page of keys at a time.
 */
final class BackfillHistory implements JavaMigration {
  private static final int PAGE = 1000;

  private final String version;

  BackfillHistory(String version) {
    this.version = version;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(version);
  }

  @Override
  public String getDescription() {
    return "backfill finding history";
  }

  @Override
  public Integer getChecksum() {
    return 1;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    ObjectMapper mapper = new ObjectMapper();
    Instant now = Instant.now();
    String after = "";
    while (true) {
      int rows = 0;
      try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT external_finding_id, finding_status, finding_severity, last_found,"
                      + " last_run_id, data FROM findings WHERE external_finding_id > ?"
                      + " ORDER BY external_finding_id LIMIT "
                      + PAGE);
          HistoryRows.Writes writes = new HistoryRows.Writes(c)) {
        select.setString(1, after);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            rows++;
            after = rs.getString(1);
            long severity = rs.getLong(3);
            Long sev = rs.wasNull() ? null : severity;
            JsonNode data = mapper.readTree(rs.getString(6));
            HistoryRules.Observation o =
                new HistoryRules.Observation(
                    after,
                    rs.getString(2),
                    instant(data, "findingFirstFoundOn"),
                    Jdbc.instant(rs.getString(4)),
                    instant(data, "findingFixedOn"),
                    instant(data, "findingResurfacedOn"),
                    sev,
                    data.path("severityModification").asText(null));
            HistoryRules.Step step =
                HistoryRules.observe(o, null, List.of(), now, HistoryRules.Flag.BASELINE);
            writes.add(after, rs.getLong(5), 0, sev, step);
          }
        }
      }
      if (rows == 0) {
        return;
      }
    }
  }

  private static Instant instant(JsonNode data, String field) {
    String text = data.path(field).asText(null);
    return text == null ? null : Instant.parse(text);
  }
}
