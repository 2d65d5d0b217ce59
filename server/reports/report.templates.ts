import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../config.ts';
import { helpers, TEMPLATES_DIR } from '../views/index.ts';
import { translator, type Locale, type Translate } from '../i18n/index.ts';
import type { ReportKind } from './report.queries.ts';

const REPORTS_DIR = path.join(TEMPLATES_DIR, 'reports');
export const CHARTS_BUNDLE = path.join(PROJECT_ROOT, 'public', 'build', 'charts.js');

type Template = Handlebars.TemplateDelegate;

interface Compiled {
  layout: Template;
  footer: Template;
  kinds: Record<ReportKind, Template>;
  css: string;
  charts: string;
}

let compiled: Compiled | undefined;

/** Inline <script> content may not close its own element. */
function scriptSafe(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

function readTemplate(hbs: typeof Handlebars, name: string): Template {
  return hbs.compile(readFileSync(path.join(REPORTS_DIR, `${name}.hbs`), 'utf8'), { strict: false });
}

/**
 * A Handlebars instance of its own (the web views' partials and layout stay separate) with
 * the same helpers; compiled once per process. The charts bundle (client/charts.ts, IIFE)
 * is inlined, so a report page needs nothing from the network.
 */
function load(): Compiled {
  if (compiled) return compiled;
  if (!existsSync(CHARTS_BUNDLE)) {
    throw new Error(`Report charts need the client build (${CHARTS_BUNDLE}): run "npm run build:client".`);
  }
  const hbs = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn as Handlebars.HelperDelegate);
  const partialsDir = path.join(REPORTS_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  compiled = {
    layout: readTemplate(hbs, 'layout'),
    footer: readTemplate(hbs, 'footer'),
    kinds: { supplier: readTemplate(hbs, 'supplier'), company: readTemplate(hbs, 'company'), portfolio: readTemplate(hbs, 'portfolio') },
    css: readFileSync(path.join(REPORTS_DIR, 'report.css'), 'utf8').replace(/<\/style/gi, ''),
    charts: scriptSafe(readFileSync(CHARTS_BUNDLE, 'utf8')),
  };
  return compiled;
}

export interface ReportFrame {
  kind: ReportKind;
  locale: Locale;
  title: string;
  /** Organisation the report is about (and stored in). */
  orgName: string;
  authorName: string;
  generatedAt: Date;
  reportId: string;
  dataset: { name: string | null; version: string | null; isDemo: boolean };
  /** The organisation's time zone: dates in the report are shown in it. */
  timeZone?: string;
}

export interface RenderedHtml {
  html: string;
  footerTemplate: string;
}

/** The final HTML of a report (body by kind inside the layout) and its PDF footer. */
export function renderReportHtml(frame: ReportFrame, data: Record<string, unknown>): RenderedHtml {
  const c = load();
  const t: Translate = translator(frame.locale);
  const demoNotice = frame.dataset.isDemo ? t('maps.demo') : null;
  const root = { ...data, ...frame, t, locale: frame.locale, demoNotice };
  const body = c.kinds[frame.kind](root);
  const html = c.layout({ ...root, body, css: c.css, chartsScript: c.charts });
  const footerTemplate = c.footer({
    ...root,
    // Chromium fills these two spans on every page.
    pageOf: t('reports.pdf.pageOf', { page: '<span class="pageNumber"></span>', total: '<span class="totalPages"></span>' }),
  });
  return { html, footerTemplate };
}
