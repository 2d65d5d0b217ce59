-- One date rule: calendar days (due dates, report periods, "today", overdue, reminders)
-- are days in the organisation's time zone. The application validates the name against
-- Intl's list; the check here only keeps obvious garbage out.
ALTER TABLE organizations
  ADD COLUMN time_zone text NOT NULL DEFAULT 'America/Mexico_City'
  CHECK (time_zone ~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$');

-- Owners and admins change it from the organisation settings (the only column they may update).
GRANT UPDATE (time_zone) ON organizations TO vigia_app;
