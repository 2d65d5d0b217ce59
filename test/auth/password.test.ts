import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { testPasswordHash, PASSWORD } from '../support/factories.ts';

describe('auth: password hashes', () => {
  it('the app hashes with argon2id at the OWASP minimum cost (m=19 MiB, t=2, p=1)', async () => {
    const hash = await hashPassword('una-frase-larga-de-prueba');
    expect(hash).to.match(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'una-frase-larga-de-prueba')).to.equal(true);
    expect(await verifyPassword(hash, 'otra-frase-larga-de-prueba')).to.equal(false);
  });

  it('test users get a cheaper argon2id hash, which the app verifies at the cost written in it', async () => {
    const hash = await testPasswordHash();
    expect(hash).to.match(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await verifyPassword(hash, PASSWORD)).to.equal(true);
    expect(await verifyPassword(hash, `${PASSWORD}x`)).to.equal(false);
  });
});
