import { expect } from 'chai';
import { LOCALES, loadResources } from '../../server/i18n/index.ts';

export function lookup(tree: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** Every key must resolve to a non-empty string in every locale. */
export function expectTranslated(keys: Iterable<string>): void {
  for (const locale of LOCALES) {
    const tree = loadResources(locale);
    for (const key of keys) {
      const text = lookup(tree, key);
      expect(typeof text === 'string' && text.length > 0, `${locale}: ${key}`).to.equal(true);
    }
  }
}
