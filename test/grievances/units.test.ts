import { expect } from 'chai';
import {
  addDays, addMonths, canonicalReceipt, deadlinesOnReceipt, feedbackDueAfterAcknowledgment, newReceipt, newSecret, secretMatches,
} from '../../server/grievances/grievance.codes.ts';
import { stripJpeg, stripPng } from '../../server/grievances/grievance.metadata.ts';
import { createSubmissionLimiter, withoutReporterTrace } from '../../server/grievances/grievance.guard.ts';
import { CAMERA_MARK, GPS_MARK, jpegWithExif, pngWithText } from './images.ts';

describe('grievances: pure rules', () => {
  it('sets the directive deadlines: acknowledgment in 7 days, feedback 3 months after that', () => {
    expect(deadlinesOnReceipt('2026-12-04')).to.deep.equal({ acknowledgeDueOn: '2026-12-11', feedbackDueOn: '2027-03-11' });
    // Month ends clamp instead of spilling into the next month.
    expect(addMonths('2026-11-30', 3)).to.equal('2027-02-28');
    expect(addDays('2026-12-28', 7)).to.equal('2027-01-04');
    // Acknowledged on day 2: the three months run from the acknowledgment, never later than before.
    expect(feedbackDueAfterAcknowledgment('2026-12-06', '2027-03-11')).to.equal('2027-03-06');
    expect(feedbackDueAfterAcknowledgment('2026-12-20', '2027-03-11')).to.equal('2027-03-11');
  });

  it('draws readable receipts and long secrets, compares the secret however it is typed', () => {
    const receipt = newReceipt();
    expect(receipt).to.match(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(canonicalReceipt(receipt.toLowerCase().replace('-', ' '))).to.equal(receipt);
    expect(canonicalReceipt('ABC')).to.equal(null);
    const { secret, hash } = newSecret();
    expect(secret).to.match(/^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$/);
    expect(hash).to.match(/^[0-9a-f]{64}$/).and.not.contain(secret);
    expect(secretMatches(secret.toLowerCase().replaceAll('-', ' '), hash)).to.equal(true);
    expect(secretMatches(newSecret().secret, hash)).to.equal(false);
  });

  it('removes EXIF, XMP and comments from a JPEG and keeps the scan byte for byte', () => {
    const { file, scan } = jpegWithExif();
    const r = stripJpeg(file);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    const text = r.content.toString('latin1');
    expect(text).to.not.contain('GPSLatitude').and.not.contain('Exif').and.not.contain('SerialNumber').and.not.contain('xmpmeta');
    expect(r.removed).to.deep.equal(['APP1', 'APP1', 'COM']);
    expect(r.content.includes(scan)).to.equal(true);
    expect(text).to.contain('JFIF');
    expect(r.content.subarray(-2)).to.deep.equal(Buffer.from([0xff, 0xd9]));
    // Truncated or not a JPEG: refused rather than stored uncleaned.
    expect(stripJpeg(file.subarray(0, 30)).ok).to.equal(false);
    expect(stripJpeg(Buffer.from('hello')).ok).to.equal(false);
  });

  it('removes text, eXIf and time chunks from a PNG and keeps the image chunks', () => {
    const { file, idat } = pngWithText();
    const r = stripPng(file);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.removed).to.deep.equal(['tEXt', 'iTXt', 'eXIf', 'tIME']);
    const text = r.content.toString('latin1');
    expect(text).to.not.contain(GPS_MARK).and.not.contain(CAMERA_MARK);
    expect(r.content.includes(idat)).to.equal(true);
    expect(stripPng(file.subarray(0, file.length - 20)).ok).to.equal(false);
  });

  it('limits submissions per address in memory and forgets them after the window', () => {
    let now = 0;
    const limiter = createSubmissionLimiter({ limit: 2, windowMs: 1000, now: () => now });
    expect([limiter.allow('a'), limiter.allow('a'), limiter.allow('a'), limiter.allow('b')]).to.deep.equal([true, true, false, true]);
    now = 1500;
    expect(limiter.allow('a')).to.equal(true);
  });

  it('logs public-channel requests without address, headers or query', () => {
    const req = { id: 1, method: 'POST', url: '/g/acme?lang=en', remoteAddress: '203.0.113.7', remotePort: 5000, headers: { 'user-agent': 'Phone' } };
    expect(withoutReporterTrace(req)).to.deep.equal({ id: 1, method: 'POST', url: '/g/acme' });
    const other = { ...req, url: '/suppliers' };
    expect(withoutReporterTrace(other)).to.equal(other);
  });
});
