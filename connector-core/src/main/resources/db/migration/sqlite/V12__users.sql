-- The service's users besides the admin token: a role each and a token of their own, kept as its
-- SHA-256 only (the token is shown once, when the user is added).
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  token_sha256  TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL
);
