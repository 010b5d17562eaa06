-- PostgreSQL twin of sqlite/V6: the indexes pages and counts of findings need at ten million.
CREATE INDEX findings_severity ON findings (finding_severity, finding_status, external_finding_id);
CREATE INDEX findings_status ON findings (finding_status, external_finding_id);
CREATE INDEX findings_plugin ON findings (plugin_id);
-- A term on a plugin's facts matches shared parts first, then findings by part id.
CREATE INDEX findings_plugin_part ON findings (plugin_part);
CREATE INDEX findings_last_found ON findings (last_found);
