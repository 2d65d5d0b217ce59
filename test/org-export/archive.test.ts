import { expect } from 'chai';
import { entityFiles, exportableColumns } from '../../server/org-export/org-export.archive.ts';

describe('org-export: entity files', () => {
  it('leaves out password, token, key and second-factor secrets but keeps content hashes', () => {
    const row = { id: 1, name: 'x', key_hash: 'k', token_hash: 't', password_hash: 'p', totp_secret: 's', client_secret_encrypted: 'c', sha256: 'h', prev_hash: 'a', hash: 'b' };
    expect(exportableColumns([row])).to.deep.equal(['id', 'name', 'sha256', 'prev_hash', 'hash']);
  });

  it('writes spreadsheet-safe CSV and faithful JSON for the same rows', () => {
    const rows = [{ legal_name: '=HYPERLINK("http://x")', workforce: 12, details: { a: 1 }, created_at: new Date('2026-03-01T10:00:00Z'), note: null }];
    const [json, csv] = entityFiles('suppliers', rows);
    expect(json.path).to.equal('data/suppliers.json');
    expect(JSON.parse(json.content.toString())[0]).to.deep.equal({ legal_name: '=HYPERLINK("http://x")', workforce: 12, details: { a: 1 }, created_at: '2026-03-01T10:00:00.000Z', note: null });
    const text = csv.content.toString('utf8');
    expect(csv.path).to.equal('data/suppliers.csv');
    expect(text).to.contain(`"'=HYPERLINK(""http://x"")"`).and.contain('2026-03-01T10:00:00Z').and.contain('"{""a"":1}"');
  });
});
