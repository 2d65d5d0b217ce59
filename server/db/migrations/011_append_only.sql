-- History and evidence are append-only for the application. Migration 001's default
-- privileges had already granted UPDATE/DELETE on these tables, so a GRANT of
-- SELECT, INSERT alone (006) did not take them away.
REVOKE UPDATE, DELETE, TRUNCATE ON assessment_events, assessment_reminders, evidence_files FROM vigia_app;
