-- PostgreSQL twin of sqlite/V1 (same tables and columns; BIGSERIAL ids, BIGINT numbers).
-- The inventory: normalized assets and findings keyed by their external ids, each with the raw
-- Tenable record it came from, plus the sync bookkeeping (runs, exports, chunk progress, the delta
-- watermark, the run lock and the records set aside). Times are ISO-8601 UTC text.

CREATE TABLE assets (
  external_asset_id TEXT PRIMARY KEY,
  connector         TEXT NOT NULL,
  asset_name        TEXT,
  asset_status      TEXT NOT NULL,
  cloud_provider    TEXT,
  updated_at        TEXT,
  content_hash      BIGINT NOT NULL,
  first_run_id      BIGINT NOT NULL,
  last_run_id       BIGINT NOT NULL,
  stored_at         TEXT NOT NULL,
  data              TEXT NOT NULL,
  raw               TEXT NOT NULL
);
CREATE INDEX assets_connector ON assets (connector);

CREATE TABLE findings (
  external_finding_id TEXT PRIMARY KEY,
  connector           TEXT NOT NULL,
  external_asset_id   TEXT NOT NULL,
  finding_name        TEXT,
  finding_severity    BIGINT,
  finding_status      TEXT,
  plugin_id           BIGINT,
  last_found          TEXT,
  content_hash        BIGINT NOT NULL,
  first_run_id        BIGINT NOT NULL,
  last_run_id         BIGINT NOT NULL,
  stored_at           TEXT NOT NULL,
  data                TEXT NOT NULL,
  raw                 TEXT NOT NULL
);
CREATE INDEX findings_asset ON findings (external_asset_id);

CREATE TABLE sync_runs (
  run_id            BIGSERIAL PRIMARY KEY,
  connector         TEXT NOT NULL,
  mode              TEXT NOT NULL,          -- FULL or DELTA
  status            TEXT NOT NULL,          -- RUNNING, COMPLETED, FAILED, ABANDONED
  scope             TEXT NOT NULL,
  preset            TEXT NOT NULL,
  settings          TEXT NOT NULL,          -- the run's settings as JSON (no secrets)
  map_name          TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  finished_at       TEXT,
  watermark_before  TEXT,
  watermark_after   TEXT,
  resumed_count     BIGINT NOT NULL DEFAULT 0,
  error_code        TEXT,
  tenable_status    BIGINT,
  error_message     TEXT,
  remedy            TEXT
);
CREATE INDEX sync_runs_connector ON sync_runs (connector, run_id);

CREATE TABLE run_exports (
  id            BIGSERIAL PRIMARY KEY,
  run_id        BIGINT NOT NULL REFERENCES sync_runs (run_id),
  phase         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  export_uuid   TEXT NOT NULL,
  request       TEXT NOT NULL,
  attempt       BIGINT NOT NULL,
  requested_at  TEXT NOT NULL,
  data_as_of    TEXT NOT NULL,
  status        TEXT NOT NULL,               -- RUNNING, COMPLETED, REPLACED, FAILED
  outcome       TEXT,
  message       TEXT,
  finished_at   TEXT
);
CREATE INDEX run_exports_run ON run_exports (run_id);

CREATE TABLE run_chunks (
  run_id       BIGINT NOT NULL,
  export_uuid  TEXT NOT NULL,
  chunk_id     BIGINT NOT NULL,
  entity       TEXT NOT NULL,
  seen         BIGINT NOT NULL,
  inserted     BIGINT NOT NULL,
  updated      BIGINT NOT NULL,
  unchanged    BIGINT NOT NULL,
  rejected     BIGINT NOT NULL,
  filtered     BIGINT NOT NULL,
  deleted      BIGINT NOT NULL,
  terminated   BIGINT NOT NULL,
  fixed        BIGINT NOT NULL,
  bytes        BIGINT NOT NULL,
  stored_at    TEXT NOT NULL,
  PRIMARY KEY (export_uuid, chunk_id)
);
CREATE INDEX run_chunks_run ON run_chunks (run_id);

CREATE TABLE rejected_records (
  id           BIGSERIAL PRIMARY KEY,
  run_id       BIGINT NOT NULL,
  entity       TEXT NOT NULL,
  export_uuid  TEXT NOT NULL,
  chunk_id     BIGINT NOT NULL,
  position     BIGINT NOT NULL,
  reason       TEXT NOT NULL,
  excerpt      TEXT NOT NULL,
  rejected_at  TEXT NOT NULL
);
CREATE INDEX rejected_records_run ON rejected_records (run_id);

CREATE TABLE sync_state (
  connector    TEXT PRIMARY KEY,
  watermark    TEXT,
  last_run_id  BIGINT,
  updated_at   TEXT NOT NULL
);

CREATE TABLE run_locks (
  connector    TEXT PRIMARY KEY,
  owner        TEXT NOT NULL,
  host         TEXT NOT NULL,
  pid          BIGINT NOT NULL,
  acquired_at  TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);

-- A vuln record's plugin object, once per plugin: findings.raw holds the rest of the record.
CREATE TABLE plugins (
  plugin_id     BIGINT PRIMARY KEY,
  content_hash  BIGINT NOT NULL,
  raw           TEXT NOT NULL,
  stored_at     TEXT NOT NULL
);
