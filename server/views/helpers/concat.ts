/** {{t (concat "roles." role)}} — builds a key from parts; the trailing options object is dropped. */
export function concat(...parts: unknown[]): string {
  return parts.slice(0, -1).map(String).join('');
}
