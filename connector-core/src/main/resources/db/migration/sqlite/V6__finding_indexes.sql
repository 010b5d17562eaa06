-- Pages and counts at ten million findings (docs/benchmarks.md): an index per field the API and the
-- query language filter findings on most. Severity and status end with the key, so that a page of
-- one value comes in key order straight from the index (no sort); every total is counted from an
-- index alone.
CREATE INDEX findings_severity ON findings (finding_severity, finding_status, external_finding_id);
CREATE INDEX findings_status ON findings (finding_status, external_finding_id);
CREATE INDEX findings_plugin ON findings (plugin_id);
-- A term on a plugin's facts matches shared parts first, then findings by part id.
CREATE INDEX findings_plugin_part ON findings (plugin_part);
CREATE INDEX findings_last_found ON findings (last_found);
