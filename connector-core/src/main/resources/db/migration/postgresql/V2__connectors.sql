-- PostgreSQL twin of sqlite/V2.
-- Managed connectors (the service's registrations) and service-wide settings. Keys are stored
-- only as AEAD ciphertext; key_fingerprint is a keyed hash of the access key, so the duplicate
-- account guard can compare keys without decrypting them. Times are ISO-8601 UTC text.

CREATE TABLE connectors (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  name_key           TEXT NOT NULL UNIQUE,   -- the name lower-cased: names are unique ignoring case
  description        TEXT,
  tenable_url        TEXT NOT NULL,
  access_key_cipher  BYTEA NOT NULL,
  secret_key_cipher  BYTEA NOT NULL,
  key_fingerprint    TEXT NOT NULL,
  account_user       TEXT,                   -- the Tenable user uuid /session reported
  account_container  TEXT,                   -- and its container uuid
  account_label      TEXT,                   -- "user in container", for messages
  settings           TEXT NOT NULL,          -- JSON without secrets: data to sync, preset, filters, schedule, maps
  retain_delta       BIGINT NOT NULL,
  enabled            BIGINT NOT NULL,
  state              TEXT NOT NULL,          -- REGISTERED, SCHEDULED, PROCESSING, PROCESSED, ERRORED
  state_changed_at   TEXT NOT NULL,
  next_run_at        TEXT,
  last_run_id        BIGINT,
  last_error         TEXT,                   -- JSON: code, tenableStatus, message, cause, remedy, at
  tested_at          TEXT,                   -- when Test Connection last passed; null if created untested
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  keys_updated_at    TEXT NOT NULL
);

CREATE TABLE service_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
