import type { HelperOptions } from 'handlebars';

/** {{t "key" name=value}} — translates with the request's locale (res.locals.t). */
export function t(key: string, options: HelperOptions): string {
  const translate = options.data?.root?.t;
  if (typeof translate !== 'function') throw new Error('t helper used without res.locals.t');
  return translate(key, options.hash);
}
