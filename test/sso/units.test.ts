import { expect } from 'chai';
import { createSecretBox } from '../../server/auth/secret-box.ts';
import { isAcceptableIssuer, splitDomains } from '../../server/sso/sso.schema.ts';
import { newRecoveryCode, normalizeRecoveryCode } from '../../server/auth/two-factor.service.ts';

describe('sign-in units: secret box, issuer and domain rules, recovery codes', () => {
  it('seals and opens a secret; another key or a changed byte cannot open it', () => {
    const box = createSecretBox('k'.repeat(40));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).to.not.contain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).to.not.equal(sealed);
    expect(box.open(sealed)).to.equal('JBSWY3DPEHPK3PXP');
    expect(() => createSecretBox('other-key-'.repeat(4)).open(sealed)).to.throw();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join('.'))).to.throw();
    expect(() => box.open('garbage')).to.throw(/unknown format/);
  });

  it('accepts https issuers, and plain http only on this machine', () => {
    expect(isAcceptableIssuer('https://login.microsoftonline.com/tenant/v2.0')).to.equal(true);
    expect(isAcceptableIssuer('http://127.0.0.1:4000')).to.equal(true);
    expect(isAcceptableIssuer('http://localhost:8080/realms/x')).to.equal(true);
    expect(isAcceptableIssuer('http://idp.example.com')).to.equal(false);
    expect(isAcceptableIssuer('https://idp.example.com/?x=1')).to.equal(false);
    expect(isAcceptableIssuer('https://user:pw@idp.example.com')).to.equal(false);
    expect(isAcceptableIssuer('javascript:alert(1)')).to.equal(false);
    expect(isAcceptableIssuer('not a url')).to.equal(false);
  });

  it('splits allowed domains by commas, spaces or lines, lower-cased, without duplicates or @', () => {
    expect(splitDomains(' Empresa.MX, @empresa.com.mx;\nempresa.mx  ')).to.deep.equal(['empresa.mx', 'empresa.com.mx']);
    expect(splitDomains('')).to.deep.equal([]);
  });

  it('makes recovery codes of 10 unambiguous characters and compares them without case or dashes', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const c of codes) expect(c).to.match(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(new Set(codes).size).to.equal(200);
    expect(normalizeRecoveryCode(' AB2CD-EF3GH ')).to.equal('ab2cdef3gh');
  });
});
