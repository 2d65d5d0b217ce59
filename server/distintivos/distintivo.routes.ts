import { Router, type Request } from 'express';
import type { DistintivoService, SiteReadiness } from './distintivo.service.ts';
import { actorOf, requireActor, requirePermission } from '../http/tenant.ts';
import { uuidParam } from '../http/params.ts';
import { toCsv, type ExportColumn } from '../exports/index.ts';
import { readinessView, type RequirementView } from './distintivo.view.ts';

interface CsvRow extends RequirementView {
  status: string;
  supplier: string;
  site: string;
  scheme: string;
}

const COLUMNS: ExportColumn<CsvRow>[] = [
  { header: 'distintivos.csv.supplier', value: (r) => r.supplier },
  { header: 'distintivos.csv.site', value: (r) => r.site },
  { header: 'distintivos.csv.scheme', value: (r) => r.scheme },
  { header: 'distintivos.csv.requirement', value: (r) => r.title },
  { header: 'distintivos.csv.basis', value: (r) => r.basis },
  { header: 'distintivos.csv.sources', value: (r) => r.sources },
  { header: 'distintivos.csv.status', value: (r) => r.status },
  { header: 'distintivos.csv.evidence', value: (r) => r.evidence.join(' | ') },
  { header: 'distintivos.csv.gaps', value: (r) => r.gaps.join(' | ') },
];

export function distintivoRoutes(deps: { distintivos: DistintivoService }): Router {
  const { distintivos } = deps;
  const r = Router();
  const read = [requireActor, requirePermission('distintivos.read')];

  const viewOf = (req: Request, s: SiteReadiness) => s.readiness.map((rd) => ({
    scheme: rd.scheme, name: req.t(`distintivos.schemes.${rd.scheme}`), met: rd.met, total: rd.total,
    requirements: readinessView(rd, req.t, req.locale ?? 'es-MX', s.template),
  }));

  function csvRows(req: Request, list: SiteReadiness[]): CsvRow[] {
    return list.flatMap((s) => viewOf(req, s).flatMap((scheme) => scheme.requirements.map((rq) => ({
      ...rq, supplier: s.site.supplier_name, site: s.site.name, scheme: scheme.name,
      status: req.t(rq.met ? 'distintivos.met' : 'distintivos.gapStatus'),
    }))));
  }

  function sendCsv(res: import('express').Response, rows: CsvRow[], t: Request['t'], name: string) {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(toCsv(rows, COLUMNS, t));
  }

  r.get('/distintivos', ...read, async (req, res) => {
    const all = await distintivos.all(actorOf(req));
    res.render('distintivos/index', {
      title: req.t('distintivos.title'),
      sites: all.map((s) => ({ id: s.site.id, name: s.site.name, supplier: s.site.supplier_name, schemes: viewOf(req, s).map(({ name, met, total }) => ({ name, met, total })) })),
    });
  });

  r.get('/distintivos/export.csv', ...read, async (req, res) => {
    sendCsv(res, csvRows(req, await distintivos.all(actorOf(req))), req.t, 'distintivos.csv');
  });

  r.get('/distintivos/sites/:id', ...read, async (req, res) => {
    const s = await distintivos.forSite(actorOf(req), uuidParam(req.params.id));
    res.render('distintivos/site', {
      title: req.t('distintivos.siteTitle', { site: s.site.name }), site: s.site, schemes: viewOf(req, s), noSector: s.scheme === null,
      declared: s.declared ? req.t(`distintivos.declared.${s.declared.status}`, { year: s.declared.year ?? '—' }) : null,
    });
  });

  r.get('/distintivos/sites/:id/export.csv', ...read, async (req, res) => {
    const s = await distintivos.forSite(actorOf(req), uuidParam(req.params.id));
    sendCsv(res, csvRows(req, [s]), req.t, 'distintivo-site.csv');
  });

  return r;
}
