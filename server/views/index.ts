import path from 'node:path';
import { engine } from 'express-handlebars';
import type { Express } from 'express';
import { PROJECT_ROOT } from '../config.ts';
import { t } from './helpers/t.ts';
import { eq } from './helpers/eq.ts';
import { json } from './helpers/json.ts';
import { date } from './helpers/date.ts';
import { number } from './helpers/number.ts';
import { concat } from './helpers/concat.ts';

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');

/** Helpers, one per file, registered here only. */
export const helpers = { t, eq, json, date, number, concat };

export function setupViews(app: Express, cache: boolean): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(TEMPLATES_DIR, 'layouts'),
      partialsDir: path.join(TEMPLATES_DIR, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', path.join(TEMPLATES_DIR, 'pages'));
  app.set('view cache', cache);
}
