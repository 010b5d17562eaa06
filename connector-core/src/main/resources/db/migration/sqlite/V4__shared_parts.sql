-- Each fact stored once: the facts findings share (a plugin version's, an asset's as one scan saw
-- it) move into record_parts, keyed by a hash of their content; a finding keeps its own fields in
-- data, its own raw members compressed in raw (a BLOB, see RawCodec), and references its parts.
-- The Java migration that follows (V5) rewrites the rows stored before this one.
CREATE TABLE record_parts (
  part_id    INTEGER PRIMARY KEY,
  owner      TEXT NOT NULL,        -- PLUGIN, ASSET or SCAN
  data       TEXT NOT NULL,        -- the owner's normalized fields, compact JSON
  raw        TEXT NOT NULL,        -- the raw members they came from, as one JSON object
  stored_at  TEXT NOT NULL
);
ALTER TABLE findings ADD COLUMN plugin_part INTEGER;
ALTER TABLE findings ADD COLUMN asset_part INTEGER;
ALTER TABLE findings ADD COLUMN scan_part INTEGER;
-- A finding's row no longer carries its storage time (its last_run_id says when); an asset's raw
-- record is stored compressed from now on (RawCodec format 2), and V5 compresses the older ones.
ALTER TABLE findings DROP COLUMN stored_at;
