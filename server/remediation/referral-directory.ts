import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { SERVICE_KINDS, type ServiceKind } from './remediation.types.ts';

/**
 * The shipped national and state referral directory (data/mx/referral-directory.csv):
 * Procuradurías de Protección, DIF, SIPINNA, INEA, CONAFE, IMSS, STPS, Fiscalía, COMAR,
 * OIM. Read once; it is the same for every tenant, so it lives in the file, not a table.
 */
export interface ReferenceEntry {
  id: string;
  level: 'national' | 'state';
  stateCode: string | null;
  kind: ServiceKind;
  name: string;
  website: string | null;
  phone: string | null;
  source: string;
  verified: boolean;
  notes: string | null;
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../data/mx/referral-directory.csv');

/** Parses the file's text; a bad row stops with its line number and column (the file ships with the code). */
export function parseReferenceDirectory(text: string): ReferenceEntry[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const seen = new Set<string>();
  return parsed.data.map((r, i) => {
    const bad = (column: string) => new Error(`referral-directory.csv line ${i + 2}: ${column}`);
    const level = r.level;
    if (level !== 'national' && level !== 'state') throw bad('level');
    if (level === 'state' && !/^\d{2}$/.test(r.state_code ?? '')) throw bad('state_code');
    if (!(SERVICE_KINDS as readonly string[]).includes(r.kind)) throw bad('kind');
    if (!/^[a-z0-9-]{2,60}$/.test(r.id ?? '') || seen.has(r.id)) throw bad('id');
    if (!r.name) throw bad('name');
    if (!/^https:\/\/\S+$/.test(r.source ?? '')) throw bad('source');
    seen.add(r.id);
    return {
      id: r.id, level, stateCode: level === 'state' ? r.state_code : null, kind: r.kind as ServiceKind, name: r.name,
      website: r.website || null, phone: r.phone || null, source: r.source, verified: r.verified === 'yes', notes: r.notes || null,
    };
  });
}

let cache: ReferenceEntry[] | undefined;
export function referenceDirectory(): ReferenceEntry[] {
  cache ??= parseReferenceDirectory(readFileSync(FILE, 'utf8'));
  return cache;
}

/** National entries, plus the state's when the state is known (a 2-digit CVE_ENT). */
export function referenceEntriesFor(stateCode: string | null | undefined): ReferenceEntry[] {
  return referenceDirectory().filter((e) => e.level === 'national' || (!!stateCode && e.stateCode === stateCode));
}
