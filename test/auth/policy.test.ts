import { expect } from 'chai';
import { lesserRole } from '../../server/auth/policy.ts';

describe('auth policy: roles through an engagement', () => {
  it('lesserRole orders owner > admin > analyst > viewer and refuses auditors', () => {
    expect(lesserRole('owner', 'admin')).to.equal('admin');
    expect(lesserRole('admin', 'owner')).to.equal('admin');
    expect(lesserRole('viewer', 'admin')).to.equal('viewer');
    expect(lesserRole('analyst', 'viewer')).to.equal('viewer');
    expect(lesserRole('analyst', 'analyst')).to.equal('analyst');
    expect(() => lesserRole('auditor', 'admin')).to.throw(/no order/);
  });
});
