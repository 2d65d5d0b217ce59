import { expect } from 'chai';
import { addDays, dayIn, endOfDay, formatDate, isTimeZone, periodBounds, startOfDay, todayIn } from '../../server/dates/local-day.ts';

describe('dates: one rule for calendar days in the organisation\'s zone', () => {
  it('knows "today" in a zone: 05:50 UTC is still the evening before in Mexico City', () => {
    expect(todayIn('America/Mexico_City', new Date('2026-11-26T05:50:00Z'))).to.equal('2026-11-25');
    expect(todayIn('UTC', new Date('2026-11-26T05:50:00Z'))).to.equal('2026-11-26');
    expect(dayIn('Asia/Tokyo', new Date('2026-11-25T16:00:00Z'))).to.equal('2026-11-26');
  });

  it('starts and ends a local day at local midnight, as instants', () => {
    expect(startOfDay('2026-11-25', 'America/Mexico_City').toISOString()).to.equal('2026-11-25T06:00:00.000Z');
    expect(endOfDay('2026-11-25', 'America/Mexico_City').toISOString()).to.equal('2026-11-26T06:00:00.000Z');
    expect(startOfDay('2026-11-25', 'America/Tijuana').toISOString()).to.equal('2026-11-25T08:00:00.000Z');
    // Summer time in Tijuana (UTC-7) and a day that changes it (New York, 8 March 2026: 23 hours).
    expect(startOfDay('2026-07-01', 'America/Tijuana').toISOString()).to.equal('2026-07-01T07:00:00.000Z');
    const ny = periodBounds({ from: '2026-03-08', to: '2026-03-08' }, 'America/New_York');
    expect(ny.start.toISOString()).to.equal('2026-03-08T05:00:00.000Z');
    expect(ny.end.toISOString()).to.equal('2026-03-09T04:00:00.000Z');
  });

  it('shows a calendar day as that day in every zone, and an instant in the zone, per locale', () => {
    expect(formatDate('2026-11-26', 'es-MX', 'America/Mexico_City')).to.equal('26 nov 2026');
    expect(formatDate('2026-11-26', 'en', 'Pacific/Honolulu')).to.equal('Nov 26, 2026');
    expect(formatDate(new Date('2026-11-26T05:50:00Z'), 'es-MX', 'America/Mexico_City')).to.equal('25 nov 2026');
    expect(formatDate(new Date('2026-11-26T05:50:00Z'), 'en', 'UTC', { style: 'long' })).to.equal('November 26, 2026');
    expect(formatDate(null, 'en')).to.equal('—');
    expect(formatDate('not a date', 'en')).to.equal('—');
  });

  it('accepts only zones from Intl\'s list', () => {
    expect(isTimeZone('America/Mexico_City')).to.equal(true);
    expect(isTimeZone('UTC')).to.equal(true);
    expect(isTimeZone('Mars/Olympus_Mons')).to.equal(false);
    expect(isTimeZone('')).to.equal(false);
    expect(isTimeZone(42)).to.equal(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2026-03-01', -1)).to.equal('2026-02-28');
  });
});
