import type { Queryable } from '../db/types.ts';
import type { QuestionnaireTemplate } from './template.schema.ts';

export interface TemplateRow {
  id: string;
  key: string;
  version: number;
  title_es: string;
  title_en: string;
  source: 'shipped' | 'imported';
  created_at: Date;
  updated_at: Date;
  /** How many assessments use this version (it is frozen when > 0). */
  uses: number;
}

export interface TemplateWithDefinition extends TemplateRow {
  definition: QuestionnaireTemplate;
}

// Queries name the tenant (app_org()) as well as relying on RLS, so they stay correct when
// the demo seed runs them on the owner connection with app.org_id set.
const COLUMNS = `t.id, t.key, t.version, t.title_es, t.title_en, t.source, t.created_at, t.updated_at,
  (SELECT count(*)::int FROM assessments a WHERE a.organization_id = t.organization_id AND a.template_id = t.id) AS uses`;

export async function listTemplates(q: Queryable): Promise<TemplateRow[]> {
  const r = await q.query<TemplateRow>(`SELECT ${COLUMNS} FROM questionnaire_templates t WHERE t.organization_id = app_org() ORDER BY t.key, t.version DESC`);
  return r.rows;
}

export async function getTemplate(q: Queryable, id: string): Promise<TemplateWithDefinition | undefined> {
  const r = await q.query<TemplateWithDefinition>(`SELECT ${COLUMNS}, t.definition FROM questionnaire_templates t WHERE t.id = $1`, [id]);
  return r.rows[0];
}

export async function findTemplateVersion(q: Queryable, key: string, version: number): Promise<TemplateWithDefinition | undefined> {
  const r = await q.query<TemplateWithDefinition>(
    `SELECT ${COLUMNS}, t.definition FROM questionnaire_templates t WHERE t.organization_id = app_org() AND t.key = $1 AND t.version = $2`,
    [key, version],
  );
  return r.rows[0];
}

/** Inserts unless the organisation already has this key and version; returns the id either way. */
export async function insertTemplateIfAbsent(
  q: Queryable,
  t: { definition: QuestionnaireTemplate; source: 'shipped' | 'imported'; createdBy: string | null },
): Promise<{ id: string; inserted: boolean }> {
  const ins = await q.query<{ id: string }>(
    `INSERT INTO questionnaire_templates (organization_id, key, version, title_es, title_en, definition, source, created_by)
     VALUES (app_org(), $1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (organization_id, key, version) DO NOTHING RETURNING id`,
    [t.definition.key, t.definition.version, t.definition.title.es, t.definition.title.en, JSON.stringify(t.definition), t.source, t.createdBy],
  );
  if (ins.rows[0]) return { id: ins.rows[0].id, inserted: true };
  const existing = await q.query<{ id: string }>(
    `SELECT id FROM questionnaire_templates WHERE organization_id = app_org() AND key = $1 AND version = $2`,
    [t.definition.key, t.definition.version],
  );
  return { id: existing.rows[0].id, inserted: false };
}

/** Replaces an unused version's definition (the database refuses once an assessment uses it). */
export async function replaceTemplateDefinition(q: Queryable, id: string, definition: QuestionnaireTemplate, createdBy: string | null) {
  await q.query(
    `UPDATE questionnaire_templates SET definition = $2, title_es = $3, title_en = $4, source = 'imported', created_by = $5, updated_at = now()
      WHERE id = $1`,
    [id, JSON.stringify(definition), definition.title.es, definition.title.en, createdBy],
  );
}

/** The definition an assessment was sent with. */
export async function templateDefinition(q: Queryable, templateId: string): Promise<QuestionnaireTemplate | undefined> {
  const r = await q.query<{ definition: QuestionnaireTemplate }>(`SELECT definition FROM questionnaire_templates WHERE id = $1`, [templateId]);
  return r.rows[0]?.definition;
}

/** The definition an assessment was answered with (to label its questions and red flags). */
export async function templateOfAssessment(q: Queryable, assessmentId: string): Promise<QuestionnaireTemplate | undefined> {
  const r = await q.query<{ definition: QuestionnaireTemplate }>(
    `SELECT t.definition FROM assessments a JOIN questionnaire_templates t ON t.id = a.template_id WHERE a.id = $1`,
    [assessmentId],
  );
  return r.rows[0]?.definition;
}
