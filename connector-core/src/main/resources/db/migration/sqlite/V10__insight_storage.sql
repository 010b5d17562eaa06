-- Insights stored leaner, and found without reading every finding.
-- finding_insights is derived data: it is built again, whole, by the next refresh (after any run,
-- export, report, feed import or policy change), so it is dropped rather than converted.
DROP TABLE finding_insights;
DELETE FROM insight_state;
-- Each priority reason once: findings that share every input share its text (most of them do).
CREATE TABLE priority_reasons (
  reason_id      INTEGER PRIMARY KEY,
  reason_sha256  TEXT NOT NULL UNIQUE,
  reason         TEXT NOT NULL
);
-- As V9 made it, with the reason by its id in priority_reasons and no rowid (the key is the row).
CREATE TABLE finding_insights (
  external_finding_id  TEXT PRIMARY KEY,
  severity             INTEGER,
  first_found_ms       INTEGER,
  sla_start_ms         INTEGER,
  sla_warn_ms          INTEGER,
  sla_due_ms           INTEGER,
  sla_due_at           TEXT,
  closed_ms            INTEGER,
  in_kev               INTEGER NOT NULL,
  kev_date_added       TEXT,
  kev_due_date         TEXT,
  epss                 REAL,
  epss_percentile      REAL,
  priority             TEXT NOT NULL,
  reason_id            INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX finding_insights_priority ON finding_insights (priority);
CREATE INDEX finding_insights_due ON finding_insights (sla_due_ms);
-- Episodes without a rowid: their key already orders them by finding.
CREATE TABLE finding_episodes_keyed (
  external_finding_id TEXT NOT NULL,
  episode             INTEGER NOT NULL,
  opened_ms           INTEGER NOT NULL,
  closed_ms           INTEGER,
  close_reason        TEXT,
  severity            INTEGER,
  opened_run_id       INTEGER NOT NULL,
  closed_run_id       INTEGER,
  PRIMARY KEY (external_finding_id, episode)
) WITHOUT ROWID;
INSERT INTO finding_episodes_keyed
  SELECT external_finding_id, episode, opened_ms, closed_ms, close_reason, severity, opened_run_id,
         closed_run_id
  FROM finding_episodes;
DROP TABLE finding_episodes;
ALTER TABLE finding_episodes_keyed RENAME TO finding_episodes;
CREATE INDEX finding_episodes_closed ON finding_episodes (closed_ms);
-- What a delta refresh reads: the findings a run wrote or closed since the last refresh.
CREATE INDEX finding_episodes_closed_run ON finding_episodes (closed_run_id);
CREATE INDEX findings_last_run ON findings (last_run_id);
