/** {{json value}} — for data-* attributes read by client bundles; Handlebars escapes it. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
