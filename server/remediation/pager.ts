/** Previous/next links that keep the other query parameters; undefined when one page suffices. */
export function pager(path: string, query: Record<string, unknown>, page: number, pages: number) {
  if (pages <= 1) return undefined;
  const link = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (k !== 'page' && v !== undefined && v !== '') params.set(k, String(v));
    params.set('page', String(p));
    return `${path}?${params}`;
  };
  return { page, pages, prev: page > 1 ? link(page - 1) : undefined, next: page < pages ? link(page + 1) : undefined };
}
