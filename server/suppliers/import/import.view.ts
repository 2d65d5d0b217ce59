import type { Translate } from '../../i18n/index.ts';
import { formatIssue, type ImportIssue } from './issues.ts';
import { territoryOf, type Place, type PlaceChoice } from './import.places.ts';
import type { SupplierImportRow } from './import.queries.ts';

/** Unsettled places per form (each posts two fields; the body parser takes 1,000). */
export const PLACES_PER_FORM = 200;
const SETTLED_SHOWN = 300;

export function choiceLabel(c: PlaceChoice, t: Translate): string {
  return c.level === 'state'
    ? t('imports.places.stateChoice', { name: c.name, code: c.code })
    : t('imports.places.municipalityChoice', { name: c.name, state: c.stateName, code: c.code });
}

function written(p: Place): string {
  return [p.municipality, p.state, p.code].filter(Boolean).join(', ');
}

const issueView = (t: Translate) => (i: ImportIssue) => ({ row: i.row, column: i.column, message: formatIssue(t, i) });

/** What the preview page shows: counts, issues, and the places with what is left to choose. */
export function previewView(row: SupplierImportRow, t: Translate) {
  const indexed = row.places.map((p, index) => ({ p, index, territory: territoryOf(p) }));
  const pending = indexed.filter((x) => !x.territory);
  const settled = indexed.filter((x) => x.territory);
  const s = row.stats;
  const open = row.status === 'previewed' || row.status === 'failed';
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.file_sha256,
    status: row.status,
    statusLabel: t(`imports.status.${row.status}`),
    format: row.format ? row.format.toUpperCase() : '',
    encoding: row.encoding,
    delimiter: s.delimiter === ';' ? t('imports.preview.semicolon') : s.delimiter === ',' ? t('imports.preview.comma') : s.delimiter,
    stats: s,
    errors: row.issues.errors.map(issueView(t)),
    moreErrors: Math.max(0, s.errors - row.issues.errors.length),
    warnings: row.issues.warnings.map(issueView(t)),
    moreWarnings: Math.max(0, s.warnings - row.issues.warnings.length),
    pending: pending.slice(0, PLACES_PER_FORM).map(({ p, index }) => ({
      index,
      written: written(p),
      sites: p.sites,
      firstRow: p.firstRow,
      reason: t(`imports.places.reason.${p.status}`),
      candidates: p.candidates.map((c) => ({ code: c.code, label: choiceLabel(c, t) })),
    })),
    pendingCount: pending.length,
    settled: settled.slice(0, SETTLED_SHOWN).map(({ p, territory }) => ({
      written: written(p),
      sites: p.sites,
      chosen: p.chosen !== null,
      confirmedEarlier: p.confirmedEarlier === true,
      code: territory!.code,
      label: choiceLabel(territory!, t),
    })),
    moreSettled: Math.max(0, settled.length - SETTLED_SHOWN),
    open,
    committable: open && s.errors === 0 && pending.length === 0,
    committed: row.committed,
    jobId: row.job_id,
  };
}
