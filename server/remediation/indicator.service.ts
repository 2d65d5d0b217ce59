import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { authorize, can } from '../auth/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toCsv, toXlsx, type Translate } from '../exports/index.ts';
import { localToday } from './action.workflow.ts';
import { remediationIndicators, type IndicatorPeriod } from './indicators.queries.ts';
import { suppressSmallCells, unsuppressed } from './indicators.ts';
import { allFindings } from './finding.queries.ts';
import { allActions } from './export.queries.ts';
import { actionColumns, findingColumns, indicatorColumns, indicatorLines } from './export.columns.ts';

export type ExportKind = 'findings' | 'actions' | 'indicators';
export type ExportFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function createIndicatorService(db: Database) {
  /**
   * The indicators page. Counts only; roles that may not open child cases see the child
   * table with small cells hidden (see suppressSmallCells), those that may see it whole.
   */
  async function overview(actor: Actor, period: IndicatorPeriod = {}) {
    authorize(actor, 'indicators.read');
    const { children, ...rest } = await db.tx(dbContext(actor), (q) => remediationIndicators(q, localToday(), period));
    const exact = can(actor, 'indicators.exact');
    return { ...rest, shown: exact ? unsuppressed(children) : suppressSmallCells(children), exact };
  }

  /** A CSV or XLSX export, text cells neutralised against formulas; every export is audit-logged. */
  async function exportFile(actor: Actor, kind: ExportKind, format: ExportFormat, t: Translate, period: IndicatorPeriod = {}) {
    authorize(actor, kind === 'indicators' ? 'indicators.read' : 'findings.read');
    const today = localToday();
    const { body, rowCount } = await db.tx(dbContext(actor), async (q) => {
      let file: { body: Buffer; rowCount: number };
      if (kind === 'findings') {
        const rows = await allFindings(q);
        file = { body: await write(rows, findingColumns(t)), rowCount: rows.length };
      } else if (kind === 'actions') {
        const rows = await allActions(q);
        file = { body: await write(rows, actionColumns(t)), rowCount: rows.length };
      } else {
        const data = await remediationIndicators(q, today, period);
        const shown = can(actor, 'indicators.exact') ? unsuppressed(data.children) : suppressSmallCells(data.children);
        const lines = indicatorLines(t, shown, data);
        file = { body: await write(lines, indicatorColumns()), rowCount: lines.length };
      }
      await recordAudit(q, actor, { action: 'remediation.exported', targetType: 'export', details: { kind, format, rows: file.rowCount, ...period } });
      return file;
    });
    return { body, rowCount, contentType: CONTENT_TYPES[format], fileName: `${kind}-${today}.${format}` };

    async function write<T>(rows: T[], columns: Parameters<typeof toCsv<T>>[1]): Promise<Buffer> {
      return format === 'csv' ? toCsv(rows, columns, t) : toXlsx(rows, columns, t, { sheetName: `remediation.export.sheets.${kind}` });
    }
  }

  return { overview, exportFile };
}

export type IndicatorService = ReturnType<typeof createIndicatorService>;
