-- PostgreSQL twin of sqlite/V4: shared parts; a finding's raw becomes its compressed own members
-- (bytea; rows from before keep their JSON text as UTF-8 until the Java migration V4 rewrites them).
CREATE TABLE record_parts (
  part_id    BIGINT PRIMARY KEY,
  owner      TEXT NOT NULL,
  data       TEXT NOT NULL,
  raw        TEXT NOT NULL,
  stored_at  TEXT NOT NULL
);
ALTER TABLE findings ADD COLUMN plugin_part BIGINT, ADD COLUMN asset_part BIGINT,
  ADD COLUMN scan_part BIGINT;
ALTER TABLE findings ALTER COLUMN raw TYPE bytea USING convert_to(raw, 'UTF8');
ALTER TABLE findings DROP COLUMN stored_at;
ALTER TABLE assets ALTER COLUMN raw TYPE bytea USING convert_to(raw, 'UTF8');
