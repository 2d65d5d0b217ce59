/**
 * What an API key may touch: read or write per area. A key also acts with its role,
 * so a scope never grants more than the role's permissions in the policy module.
 */
export const API_AREAS = {
  suppliers: ['read', 'write'],
  assessments: ['read', 'write'],
  evidence: ['read'],
  scores: ['read'],
  findings: ['read', 'write'],
  indicators: ['read'],
  reports: ['read', 'write'],
  territories: ['read'],
} as const satisfies Record<string, readonly ('read' | 'write')[]>;

export type ApiArea = keyof typeof API_AREAS;
export type ApiAccess = 'read' | 'write';
export type ApiScope = `${ApiArea}:${ApiAccess}`;

export const ALL_SCOPES: readonly ApiScope[] = Object.entries(API_AREAS).flatMap(([area, levels]) =>
  levels.map((l) => `${area}:${l}` as ApiScope),
);

/** Scopes a new key gets when none are chosen: everything its role may do. */
export function defaultScopes(role: 'viewer' | 'analyst'): ApiScope[] {
  return Object.entries(API_AREAS).map(([area, levels]) =>
    `${area}:${role === 'analyst' && (levels as readonly string[]).includes('write') ? 'write' : 'read'}` as ApiScope,
  );
}

/** Write implies read of the same area. */
export function hasScope(scopes: readonly string[], area: ApiArea, access: ApiAccess): boolean {
  return scopes.includes(`${area}:write`) || (access === 'read' && scopes.includes(`${area}:read`));
}

export function isScope(s: string): s is ApiScope {
  return (ALL_SCOPES as readonly string[]).includes(s);
}
