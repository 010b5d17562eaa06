-- PostgreSQL twin of sqlite/V9.
-- What turns the inventory into decisions (docs/priority.md).
-- Threat feeds: each imported snapshot (its SHA-256, version and date), CISA's KEV catalogue as
-- last imported, FIRST's latest EPSS score per CVE and each change of it.
CREATE TABLE feed_snapshots (
  id           BIGSERIAL PRIMARY KEY,
  feed         TEXT NOT NULL,          -- KEV or EPSS
  version      TEXT,                   -- KEV catalogVersion, EPSS model_version
  published    TEXT,                   -- KEV dateReleased, EPSS score_date
  sha256       TEXT NOT NULL,          -- of the file's bytes as read (a gzipped EPSS file: the gzip)
  bytes        BIGINT NOT NULL,
  records      BIGINT NOT NULL,
  rejected     BIGINT NOT NULL,
  source       TEXT NOT NULL,          -- the file or the address it came from
  imported_at  TEXT NOT NULL
);
CREATE TABLE kev_entries (
  cve_id           TEXT PRIMARY KEY,
  snapshot_id      BIGINT NOT NULL,
  date_added       TEXT NOT NULL,
  due_date         TEXT,
  vendor           TEXT,
  product          TEXT,
  name             TEXT,
  known_ransomware TEXT,
  required_action  TEXT
);
CREATE TABLE epss_latest (
  cve_id       TEXT PRIMARY KEY,
  score_date   TEXT NOT NULL,
  epss         DOUBLE PRECISION NOT NULL,
  percentile   DOUBLE PRECISION NOT NULL,
  snapshot_id  BIGINT NOT NULL
);
CREATE TABLE epss_history (
  cve_id       TEXT NOT NULL,
  score_date   TEXT NOT NULL,
  epss         DOUBLE PRECISION NOT NULL,
  percentile   DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (cve_id, score_date)
);
-- The remediation policy (SLA days and clock, mission impact from ACR) when set; the default
-- policy applies without a row.
CREATE TABLE remediation_policy (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  policy      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
-- Each finding's SLA window, KEV and EPSS facts and SSVC priority, derived from the finding, its
-- history, its asset, the feeds and the policy (InsightRefresh): refreshed after each run, feed
-- import and policy change. Times as epoch milliseconds, the due date also as ISO text.
CREATE TABLE finding_insights (
  external_finding_id  TEXT PRIMARY KEY,
  severity             BIGINT,
  first_found_ms       BIGINT,
  sla_start_ms         BIGINT,
  sla_warn_ms          BIGINT,
  sla_due_ms           BIGINT,
  sla_due_at           TEXT,
  closed_ms            BIGINT,
  in_kev               BIGINT NOT NULL,
  kev_date_added       TEXT,
  kev_due_date         TEXT,
  epss                 DOUBLE PRECISION,
  epss_percentile      DOUBLE PRECISION,
  priority             TEXT NOT NULL,
  priority_reason      TEXT NOT NULL
);
CREATE INDEX finding_insights_priority ON finding_insights (priority);
CREATE INDEX finding_insights_due ON finding_insights (sla_due_ms);
-- How far the insights are refreshed: every finding written by a run up to through_run, with the
-- inputs (policy and feed snapshots) they were computed from.
CREATE TABLE insight_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  inputs       TEXT NOT NULL,
  through_run  BIGINT NOT NULL
);
-- Posture per day and severity (InsightRefresh → Posture): open, new, reopened and fixed findings and
-- those past their SLA at the end of each day. A day before today is written once and never again,
-- so past days do not change when assets are added later.
CREATE TABLE posture_days (
  day          TEXT NOT NULL,
  severity     BIGINT NOT NULL,
  open         BIGINT NOT NULL,
  new          BIGINT NOT NULL,
  reopened     BIGINT NOT NULL,
  fixed        BIGINT NOT NULL,
  breached     BIGINT NOT NULL,
  PRIMARY KEY (day, severity)
);
