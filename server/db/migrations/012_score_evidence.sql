-- Evidence behind a reviewed assessment, for risk scoring (docs/scoring.md, "Evidence levels"):
-- how far the analyst checked the controls and, for an on-site check with worker
-- interviews, who did it, when, and whether it was during the harvest season. Plus the
-- workforce risk conditions read from the answers at review ("Conditions, not head
-- counts"), so re-scoring does not read every answer again. Reviews stored before this
-- migration count as 'declared' (evidence_level NULL), the level they always were.
ALTER TABLE assessments
  ADD COLUMN evidence_level text CHECK (evidence_level IN ('declared', 'documents_reviewed', 'verified_on_site')),
  ADD COLUMN verified_by text CHECK (length(verified_by) <= 200),
  ADD COLUMN verified_on date,
  ADD COLUMN verified_in_harvest boolean,
  ADD COLUMN conditions jsonb,
  ADD CONSTRAINT assessments_on_site_who_when CHECK (
    evidence_level IS DISTINCT FROM 'verified_on_site'
    OR (verified_by IS NOT NULL AND verified_on IS NOT NULL AND verified_in_harvest IS NOT NULL)
  );

-- Re-scoring reads the open findings and child cases of each batch of suppliers.
CREATE INDEX findings_open_supplier_idx ON findings (organization_id, supplier_id) WHERE status <> 'closed';
CREATE INDEX child_cases_open_site_idx ON child_cases (organization_id, site_id) WHERE status <> 'closed';
