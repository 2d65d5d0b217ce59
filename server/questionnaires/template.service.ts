import { isDeepStrictEqual } from 'node:util';
import type { Database, Queryable } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { latestShippedTemplate, shippedTemplates } from './default-template.ts';
import { exportTemplate, parseTemplateJson, toFieldIssues } from './template.json.ts';
import * as templates from './template.queries.ts';

/**
 * Copies the shipped questionnaire versions into the organisation of the transaction if it
 * does not have them yet; tenants then own their copy like any imported template. Returns
 * the id of the latest shipped version, which new assessments use by default.
 */
export async function ensureShippedTemplates(q: Queryable): Promise<string> {
  let latestId = '';
  const latest = latestShippedTemplate();
  for (const definition of shippedTemplates()) {
    const { id } = await templates.insertTemplateIfAbsent(q, { definition, source: 'shipped', createdBy: null });
    if (definition.version === latest.version) latestId = id;
  }
  return latestId;
}

export function createTemplateService(deps: { db: Database }) {
  const { db } = deps;

  async function list(actor: Actor): Promise<templates.TemplateRow[]> {
    authorize(actor, 'assessments.read');
    return db.tx(dbContext(actor), async (q) => {
      await ensureShippedTemplates(q);
      return templates.listTemplates(q);
    });
  }

  async function get(actor: Actor, id: string): Promise<templates.TemplateWithDefinition> {
    authorize(actor, 'assessments.read');
    const row = await db.tx(dbContext(actor), (q) => templates.getTemplate(q, id));
    if (!row) throw new NotFound();
    return row;
  }

  /** The JSON file a template author edits and imports back. */
  async function exportJson(actor: Actor, id: string): Promise<{ filename: string; json: string }> {
    const row = await get(actor, id);
    return { filename: `${row.key}-v${row.version}.json`, json: exportTemplate(row.definition) };
  }

  /**
   * Imports a template version. Every problem is reported with its path (e.g.
   * `sections[policy].questions[written_policy].type`). A key+version already in use by
   * an assessment is frozen: a changed file must carry a new version number.
   */
  async function importJson(actor: Actor, text: string): Promise<{ id: string; outcome: 'created' | 'replaced' | 'unchanged' }> {
    authorize(actor, 'assessments.write');
    const parsed = parseTemplateJson(text);
    if (!parsed.ok) throw new ValidationFailed(toFieldIssues(parsed.errors), 'questionnaires.library.importFailed');
    const definition = parsed.template;
    return db.tx(dbContext(actor), async (q) => {
      const existing = await templates.findTemplateVersion(q, definition.key, definition.version);
      let id: string;
      let outcome: 'created' | 'replaced' | 'unchanged';
      if (!existing) {
        id = (await templates.insertTemplateIfAbsent(q, { definition, source: 'imported', createdBy: actor.userId })).id;
        outcome = 'created';
      } else if (isDeepStrictEqual(existing.definition, definition)) {
        return { id: existing.id, outcome: 'unchanged' as const };
      } else if (existing.uses > 0) {
        throw new Conflict('questionnaires.library.versionInUse', { key: definition.key, version: definition.version, uses: existing.uses });
      } else {
        await templates.replaceTemplateDefinition(q, existing.id, definition, actor.userId);
        id = existing.id;
        outcome = 'replaced';
      }
      await recordAudit(q, actor, {
        action: 'questionnaire.imported', targetType: 'questionnaire_template', targetId: id,
        details: { key: definition.key, version: definition.version, outcome },
      });
      return { id, outcome };
    });
  }

  return { list, get, exportJson, importJson };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
