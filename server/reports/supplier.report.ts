import type { Database } from '../db/types.ts';
import { dbContext, type Actor } from '../auth/actor.ts';
import { NotFound } from '../errors.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import { selectSupplier } from '../suppliers/supplier.queries.ts';
import { selectSitesOf, selectTerritoryLevels } from '../suppliers/site.queries.ts';
import { sectorLabel } from '../suppliers/supplier.view.ts';
import { selectSupplierScoreRows, selectSupplierSites } from '../scores/score.queries.ts';
import { explainSupplier } from '../scores/score.explain.ts';
import { explain, flagLabels } from '../scores/score.view.ts';
import { getActiveDataset, getDataset } from '../risk-datasets/risk-dataset.service.ts';
import { latestReviewedEvaluations } from '../assessments/assessment.evaluation.ts';
import { listAssessments } from '../assessments/assessment.queries.ts';
import { labelFor } from '../assessments/assessment.view.ts';
import { listFindings } from '../remediation/finding.queries.ts';
import { listPlans } from '../remediation/plan.queries.ts';
import { supplierEvidenceCount } from './aggregate.queries.ts';
import { SCORE_COLORS, UNSCORED_COLOR, datasetInfo, levelName, mapPointOf, riskMapSvg, type DatasetInfo } from './report.view.ts';
import { renderBarsSvg } from './svg-bars.ts';

export interface BuildInput {
  db: Database;
  actor: Actor;
  t: Translate;
  locale: Locale;
  /** YYYY-MM-DD, Mexico City. */
  today: string;
  baseUrl: string;
}

export interface BuiltReport {
  data: Record<string, unknown>;
  dataset: DatasetInfo;
}

const MAX_SITE_ROWS = 12;
const MAX_FINDINGS = 6;

/** Title stored with the report (and shown in the list) before the data is gathered. */
export async function supplierReportTitle(db: Database, actor: Actor, t: Translate, supplierId: string): Promise<string> {
  const supplier = await db.tx(dbContext(actor), (q) => selectSupplier(q, supplierId));
  if (!supplier || supplier.status === 'archived') throw new NotFound();
  return t('reports.supplier.title', { name: supplier.legal_name });
}

/**
 * One supplier on one page: identity, sites with their municipality and levels, the current
 * score and why, the latest questionnaire and its red flags, open findings and actions,
 * a chart of the sites' residual risk and a map of the sites' state.
 */
export async function buildSupplierReport(input: BuildInput, params: { supplierId: string }): Promise<BuiltReport> {
  const { db, actor, t, locale } = input;
  return db.tx(dbContext(actor), async (q) => {
    const supplier = await selectSupplier(q, params.supplierId);
    if (!supplier || supplier.status === 'archived') throw new NotFound();
    const active = await getActiveDataset(q, 'MX');
    const siteRows = await selectSitesOf(q, supplier.id);
    const scored = new Map((await selectSupplierSites(q, supplier.id)).map((s) => [s.siteId, s]));
    const current = (await selectSupplierScoreRows(q, supplier.id, 5)).find((s) => s.isCurrent) ?? null;
    const scoreDataset = current?.datasetId && current.datasetId !== active?.id ? await getDataset(q, current.datasetId) : null;
    const dataset = scoreDataset ?? active;
    const territoryLevels = active ? await selectTerritoryLevels(q, active.id, siteRows.map((s) => s.territory_code).filter((c): c is string => !!c)) : new Map();

    const sites = siteRows.slice(0, MAX_SITE_ROWS).map((s) => {
      const score = scored.get(s.id);
      return {
        name: s.name,
        municipality: s.territory_code && s.territory_code.length === 5 ? s.territory_name : null,
        state: s.state_name,
        territoryLevel: levelName(t, locale, s.territory_code ? territoryLevels.get(s.territory_code) : null),
        scoreLevel: score?.level ?? null,
        scoreLevelLabel: score?.level ? t(`scoring.levels.${score.level}`) : t('reports.common.unscored'),
        residual: score?.residual ?? null,
        workforce: s.workforce_total,
      };
    });

    const explanation = current ? explain(t, (await explainSupplier(q, current)).lines) : [];
    const evaluations = await latestReviewedEvaluations(q, { ids: [supplier.id] });
    const redFlags = new Map<string, string>();
    for (const e of evaluations.values()) for (const f of e.redFlags) redFlags.set(f.code, f.severity);
    const assessments = (await listAssessments(q, { supplierId: supplier.id, limit: 100, offset: 0 })).rows;
    const latest = assessments.sort((a, b) => +new Date(b.created_at) - +new Date(a.created_at))[0] ?? null;

    const findings = (await listFindings(q, { supplierId: supplier.id, limit: 100, offset: 0 })).rows.filter((f) => f.status !== 'closed');
    const plans = (await listPlans(q, input.today)).filter((p) => p.supplier_id === supplier.id && p.status === 'open');
    const evidenceFiles = await supplierEvidenceCount(q, supplier.id);

    const states = [...new Set(siteRows.map((s) => s.state_code).filter((c): c is string => !!c))];
    const points = siteRows.map((s) => mapPointOf({ name: s.name, latitude: s.latitude, longitude: s.longitude, territoryCode: s.territory_code, stateCode: s.state_code }))
      .filter((p) => p !== undefined);
    const mapSvg = active
      ? await riskMapSvg({ q, t, locale, dataset: active, stateCode: states.length === 1 ? states[0] : undefined, points, width: 520, height: 330, extraRight: 170, idPrefix: 'supmap' })
      : null;

    const chartSites = sites.filter((s) => s.residual !== null);
    // SVG rather than a Chart.js canvas: whole site names wrap instead of being cut, and stay text in the PDF.
    const chartSvg = chartSites.length
      ? renderBarsSvg({
          title: t('reports.supplier.chartLabel'), width: 300, max: 100,
          rows: chartSites.map((s) => ({
            label: s.name, value: s.residual!, color: s.scoreLevel ? SCORE_COLORS[s.scoreLevel] : UNSCORED_COLOR,
            note: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(s.residual!),
          })),
        })
      : null;
    const reviewed = [...evaluations.values()].sort((a, b) => b.reviewedAt.localeCompare(a.reviewedAt))[0];

    return {
      dataset: datasetInfo(dataset),
      data: {
        supplier: {
          legalName: supplier.legal_name,
          tradeName: supplier.trade_name,
          taxId: supplier.tax_id,
          sector: supplier.sector_code ? `${supplier.sector_code} · ${sectorLabel(t, supplier.sector_code) ?? ''}` : null,
          tier: supplier.tier,
          externalId: supplier.external_id,
        },
        sites,
        moreSites: Math.max(0, siteRows.length - MAX_SITE_ROWS),
        score: current && {
          level: current.level,
          levelLabel: t(`scoring.levels.${current.level}`),
          worstResidual: current.worstResidual,
          weightedResidual: current.weightedResidual,
          computedAt: current.computedAt,
          flags: flagLabels(t, current.flags).map((f) => f.label),
          lines: explanation.map((l) => l.text),
        },
        assessment: latest && {
          statusLabel: t(`reports.assessmentStatus.${latest.status}`),
          template: locale === 'en' ? latest.template_title_en : latest.template_title_es,
          sentAt: latest.sent_at,
          submittedAt: latest.submitted_at,
          reviewedAt: latest.reviewed_at,
          dueDate: latest.due_date,
        },
        redFlags: [...redFlags].map(([code, severity]) => ({
          label: labelFor(t, locale, `questionnaires.redFlags.${code}`, code),
          severity: t(`reports.severity.${severity}`),
        })),
        findings: findings.slice(0, MAX_FINDINGS).map((f) => ({ title: f.title, severity: t(`reports.severity.${f.severity}`), status: t(`reports.findingStatus.${f.status}`) })),
        moreFindings: Math.max(0, findings.length - MAX_FINDINGS),
        actions: {
          plans: plans.length,
          total: plans.reduce((n, p) => n + p.actions_total, 0),
          verified: plans.reduce((n, p) => n + p.actions_verified, 0),
          overdue: plans.reduce((n, p) => n + p.actions_overdue, 0),
        },
        evidence: { files: evidenceFiles, url: `${input.baseUrl}/evidence` },
        chartSvg,
        mapSvg,
        controls: reviewed ? { percent: Math.round(reviewed.controlsScore * 100), reviewedAt: new Date(reviewed.reviewedAt) } : null,
      },
    };
  });
}
