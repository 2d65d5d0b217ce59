/**
 * A dataset's ordered risk levels (lowest first) and the 0..1 score each one stands for.
 * Scores must be explicit because scoring combines territorial risk with other components:
 * a "high" from a 3-level dataset and a "very high" from a 5-level one must be comparable.
 */
export interface RiskLevelDef {
  level: string;
  score: number;
}
export type LevelScale = RiskLevelDef[];

// Default spread: lowest level 0.2, highest 0.9, evenly spaced. Neither end is 0 or 1
// because a territorial level is a grouping, not certainty. For three levels this gives
// low 0.2, medium 0.55, high 0.9.
const LOWEST = 0.2;
const HIGHEST = 0.9;

export const DEFAULT_LEVELS = ['low', 'medium', 'high'];

export function defaultScale(levels: string[] = DEFAULT_LEVELS): LevelScale {
  const n = levels.length;
  return levels.map((level, i) => ({
    level,
    score: n === 1 ? HIGHEST : Math.round((LOWEST + ((HIGHEST - LOWEST) * i) / (n - 1)) * 1000) / 1000,
  }));
}

/**
 * Reads the command-line form: "low,medium,high" (default scores) or
 * "bajo=0.1,medio=0.5,alto=0.8,muy alto=0.95" (explicit). Mixed forms are refused.
 * Returns null when the text cannot be read; `scaleIssues` judges the result.
 */
export function parseScaleSpec(spec: string): LevelScale | null {
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const explicit = parts.filter((p) => p.includes('='));
  if (explicit.length === 0) return defaultScale(parts);
  if (explicit.length !== parts.length) return null;
  const scale: LevelScale = [];
  for (const p of parts) {
    const [level, raw] = p.split('=').map((s) => s.trim());
    const score = Number(raw);
    if (!level || raw === '' || !Number.isFinite(score)) return null;
    scale.push({ level, score });
  }
  return scale;
}

/** Level names compare without case or surrounding spaces ("Alto" = "alto"). */
export function levelKey(level: string): string {
  return level.trim().toLocaleLowerCase('es-MX');
}

/** i18n keys of what is wrong with a scale; empty when it is usable. */
export function scaleIssues(scale: LevelScale): { key: string; params?: Record<string, unknown> }[] {
  const issues: { key: string; params?: Record<string, unknown> }[] = [];
  if (scale.length < 2) issues.push({ key: 'riskDatasets.errors.scaleTooShort' });
  const seen = new Set<string>();
  scale.forEach((d, i) => {
    const key = levelKey(d.level);
    if (!key) issues.push({ key: 'riskDatasets.errors.scaleEmptyLevel', params: { position: i + 1 } });
    if (seen.has(key)) issues.push({ key: 'riskDatasets.errors.scaleDuplicateLevel', params: { level: d.level } });
    seen.add(key);
    if (!(d.score >= 0 && d.score <= 1)) issues.push({ key: 'riskDatasets.errors.scaleScoreRange', params: { level: d.level, score: d.score } });
    if (i > 0 && !(d.score > scale[i - 1].score)) {
      issues.push({ key: 'riskDatasets.errors.scaleNotIncreasing', params: { level: d.level, previous: scale[i - 1].level } });
    }
  });
  return issues;
}
