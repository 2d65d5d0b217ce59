import { expect } from 'chai';
import { timeOrderedId } from '../../server/db/ids.ts';

describe('database: time-ordered ids (UUID version 7)', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('carries the time in its first 48 bits, version 7 and the RFC variant', () => {
    const at = Date.UTC(2026, 11, 5, 4, 30);
    const id = timeOrderedId(at);
    expect(id).to.match(UUID);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(at);
  });

  it('sorts by time as text (the order of a uuid key), and ids of one millisecond differ', () => {
    const at = Date.UTC(2026, 11, 5);
    const ids = [at + 1000, at, at + 1, at + 86_400_000].map((t) => timeOrderedId(t));
    expect([...ids].sort()).to.deep.equal([ids[1], ids[2], ids[0], ids[3]]);
    const same = new Set(Array.from({ length: 1000 }, () => timeOrderedId(at)));
    expect(same.size).to.equal(1000);
  });
});
