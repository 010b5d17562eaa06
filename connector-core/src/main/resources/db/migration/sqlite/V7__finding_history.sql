-- Each finding's history (docs/history.md). Transitions are the changes of state the syncs
-- observed, oldest first by id; episodes run from a finding's being found to its being fixed (or
-- its asset's deletion), numbered in time order, with times as epoch milliseconds so that both
-- engines compute durations alike. Findings stored before this release get their history started
-- by the Java migration V8 (BackfillHistory).
CREATE TABLE finding_transitions (
  id                  INTEGER PRIMARY KEY,
  external_finding_id TEXT NOT NULL,
  at                  TEXT NOT NULL,
  from_state          TEXT,
  to_state            TEXT NOT NULL,
  run_id              INTEGER NOT NULL,
  severity            INTEGER,
  modification        TEXT,
  flag                TEXT
);
CREATE INDEX finding_transitions_finding ON finding_transitions (external_finding_id, id);

CREATE TABLE finding_episodes (
  external_finding_id TEXT NOT NULL,
  episode             INTEGER NOT NULL,
  opened_ms           INTEGER NOT NULL,
  closed_ms           INTEGER,
  close_reason        TEXT,
  severity            INTEGER,
  opened_run_id       INTEGER NOT NULL,
  closed_run_id       INTEGER,
  PRIMARY KEY (external_finding_id, episode)
);
CREATE INDEX finding_episodes_closed ON finding_episodes (closed_ms);
