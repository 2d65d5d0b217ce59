/**
 * Organisation names: the slug (public code of a consultancy, unique key of every
 * organisation) and the names nobody may take, so no tenant can pose as the platform.
 */
export const RESERVED_NAMES = [
  'admin', 'administrator', 'administrador', 'root', 'system', 'sistema', 'vigia', 'demo', 'platform', 'plataforma',
  'api', 'static', 'login', 'logout', 'signup', 'registro', 'support', 'soporte', 'help', 'ayuda', 'security',
  'seguridad', 'billing', 'settings', 'www', 'mail', 'correo', 'postmaster', 'abuse', 'test', 'null', 'undefined',
] as const;

/** Words that may not appear anywhere in a name: they would pass for the operator. */
const RESERVED_WORDS = new Set(['admin', 'administrator', 'administrador', 'vigia', 'platform', 'plataforma', 'soporte', 'support', 'root']);

export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

export function isReservedName(name: string): boolean {
  const slug = slugify(name);
  if ((RESERVED_NAMES as readonly string[]).includes(slug)) return true;
  return slug.split('-').some((word) => RESERVED_WORDS.has(word));
}
