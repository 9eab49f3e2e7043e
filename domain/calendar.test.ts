import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  dayNumber,
  dutchDate,
  dutchDay,
  dutchInstant,
  instantMs,
  isInTheFuture,
  isoWeekExists,
  isoWeekOf,
  isWorkingDay,
  mondayOfIsoWeek,
  workingDaysBetween,
} from './calendar.ts';

describe('working days (werkdagen)', () => {
  it.each([
    // [from, working days, expected, why]
    ['2026-04-24', 1, '2026-04-28', 'Friday + 1 skips the weekend and Koningsdag (Monday 27 April)'],
    ['2026-04-02', 1, '2026-04-03', 'Goede Vrijdag is a working day'],
    ['2026-04-03', 1, '2026-04-07', 'Easter Sunday and Easter Monday are skipped'],
    ['2026-05-13', 1, '2026-05-15', 'Ascension Day (Thursday 14 May) is skipped'],
    ['2026-05-22', 1, '2026-05-26', 'Whit Monday (25 May) is skipped'],
    ['2026-12-24', 1, '2026-12-28', 'Christmas Day falls on Friday, Boxing Day on Saturday'],
    ['2027-12-23', 1, '2027-12-24', 'Christmas Eve is a working day'],
    ['2027-12-24', 1, '2027-12-27', 'Christmas 2027 falls in the weekend: no extra day off'],
    ['2026-04-20', 10, '2026-05-05', 'ten working days over Koningsdag; Bevrijdingsdag counts'],
    ['2026-05-08', 10, '2026-05-26', 'ten working days over Ascension and Whit Monday'],
    ['2026-12-18', 10, '2027-01-05', 'ten working days over Christmas and New Year'],
    ['2026-11-20', 0, '2026-11-20', 'zero working days is the same day'],
    ['2026-04-28', -1, '2026-04-24', 'one working day back skips Koningsdag and the weekend'],
    ['2027-05-03', -10, '2027-04-16', 'ten working days back over Koningsdag 2027'],
  ])('%s + %i werkdagen = %s (%s)', (from, days, expected) => {
    expect(addWorkingDays(from, days)).toBe(expected);
  });

  it('knows the Dutch public holidays and weekends', () => {
    for (const day of [
      '2026-01-01',
      '2026-04-06',
      '2026-04-27',
      '2026-05-14',
      '2026-05-25',
      '2026-12-25',
      '2026-11-21',
      '2026-11-22',
    ]) {
      expect(isWorkingDay(day), day).toBe(false);
    }
    for (const day of ['2026-04-03', '2026-05-05', '2026-11-23', '2026-12-24', '2026-12-31'])
      expect(isWorkingDay(day), day).toBe(true);
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-04-24', '2026-04-28')).toBe(1);
    expect(workingDaysBetween('2026-04-20', '2026-05-05')).toBe(10);
    expect(workingDaysBetween('2026-05-05', '2026-04-20')).toBe(0);
  });

  it('takes the calendar date in the Netherlands, not in UTC', () => {
    expect(dutchDate('2026-11-22T23:30:00Z')).toBe('2026-11-23');
    expect(dutchDate('2026-07-01T22:30:00Z')).toBe('2026-07-02');
    expect(dutchDate('2026-07-01T21:30:00Z')).toBe('2026-07-01');
    // The edges of the UTC day's last two hours, where the offset decides.
    expect(dutchDate('2026-07-01T21:59:59.999Z')).toBe('2026-07-01');
    expect(dutchDate('2026-07-01T22:00:00.000Z')).toBe('2026-07-02');
    expect(dutchDate('2026-11-22T22:59:59.999Z')).toBe('2026-11-22');
    expect(dutchDate('2026-11-22T23:00:00.000Z')).toBe('2026-11-23');
    expect(dutchDay('2026-11-22T22:59:59.999Z')).toBe(dayNumber('2026-11-22'));
  });

  it('converts ISO weeks both ways, including week 53 and week 1 in the old year', () => {
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(mondayOfIsoWeek('2026-W53')).toBe('2026-12-28');
    expect(mondayOfIsoWeek('2025-W01')).toBe('2024-12-30');
    expect(mondayOfIsoWeek('2027-W07')).toBe('2027-02-15');
  });

  it('knows which weeks exist: week 53 only in years that have it', () => {
    for (const week of ['2026-W53', '2020-W53', '2032-W53', '2027-W01', '2027-W52']) expect(isoWeekExists(week), week).toBe(true);
    for (const week of ['2027-W53', '2025-W53', '2028-W53', '2027-W00', '2027-W54'])
      expect(isoWeekExists(week), week).toBe(false);
  });
});

describe('the holiday library', () => {
  it('loads on the first count of working days, not with the module: a look-up server never needs it', () => {
    // A process of its own: this one may have loaded the library through another test.
    const script = `
      import { registerHooks } from 'node:module';
      const resolved = [];
      registerHooks({ resolve: (specifier, context, next) => { const r = next(specifier, context); resolved.push(r.url); return r; } });
      const loaded = () => resolved.some((url) => url.includes('/date-holidays/'));
      const calendar = await import(${JSON.stringify(`${import.meta.dirname}/calendar.ts`)});
      const before = loaded();
      const working = calendar.isWorkingDay('2026-04-27');
      console.log(JSON.stringify({ before, working, after: loaded() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ before: false, working: false, after: true });
  });
});

describe('a time in the future', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it('allows a few minutes of clock skew, no more', () => {
    expect(isInTheFuture('2026-12-06T13:04:59+01:00', now)).toBe(false);
    expect(isInTheFuture('2026-12-06T12:05:00Z', now)).toBe(false);
    expect(isInTheFuture('2026-12-06T12:05:01Z', now)).toBe(true);
    expect(isInTheFuture('9999-12-31T00:00:00+01:00', now)).toBe(true);
    expect(isInTheFuture('2020-01-01T00:00:00Z', now)).toBe(false);
  });
});

describe('the Dutch date of an instant', () => {
  it('agrees with the time-zone database around every change of summer time, 2024–2030', () => {
    const reference = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2031, 0, 1); t += 37 * 60_000 * 13) {
      expect(dutchDate(t), new Date(t).toISOString()).toBe(reference.format(new Date(t)));
      expect(dutchDay(t), new Date(t).toISOString()).toBe(dayNumber(reference.format(new Date(t))));
    }
  });

  it('gives the same day number from an instant in any form, inside and outside the years it computes itself', () => {
    for (const at of [
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00+00:00',
      '2026-10-24T23:30:00+01:00',
      '1990-06-30T22:30:00Z',
      '2150-01-01T00:00:00Z',
    ]) {
      expect(dutchDay(at), at).toBe(dayNumber(dutchDate(at)));
      expect(dutchDay(new Date(at)), at).toBe(dutchDay(Date.parse(at)));
    }
  });
});

describe('the day number of a date', () => {
  /** What Date.UTC makes of the date's three fields: the definition the fast reading must keep. */
  const byDateUtc = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

  it('is the days since 1 January 1970 of every date from 1000 to 2999', () => {
    for (let t = Date.UTC(1000, 0, 1); t < Date.UTC(3000, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (dayNumber(date) !== t / 86_400_000) expect(dayNumber(date), date).toBe(t / 86_400_000);
    }
  });

  it('reads a day past the end of its month, and what is not a date, as Date.UTC does', () => {
    for (const date of [
      '2026-02-29',
      '2024-02-30',
      '2026-04-31',
      '2026-01-00',
      '2026-12-99',
      '2026-13-01',
      '2026-00-10',
      '0999-12-31',
      '0050-01-01',
      '2026-1-01',
      '20261201',
      'abcd-ef-gh',
      '2026-+1-01',
      ' 2026-01-0',
      '',
    ]) {
      expect(dayNumber(date), date).toEqual(byDateUtc(date));
    }
  });
});

describe('the instant of an ISO date-time', () => {
  it('is what Date.parse reads, with Z or an offset, with or without seconds and milliseconds, 1000–2999', () => {
    const zones = ['Z', '+01:00', '+02:00', '-05:30', '+23:59', '-00:00'];
    let i = 0;
    for (let t = Date.UTC(1000, 0, 1); t < Date.UTC(3000, 0, 1); t += 6 * 86_400_000 + 1_234_567) {
      const iso = new Date(t).toISOString();
      const zone = zones[i++ % zones.length] as string;
      for (const text of [iso, iso.replace('Z', zone), `${iso.slice(0, 19)}${zone}`, `${iso.slice(0, 16)}${zone}`]) {
        const ms = instantMs(text);
        if (ms !== Date.parse(text)) expect(ms, text).toBe(Date.parse(text));
      }
    }
  });

  it('leaves every other form to Date.parse, and agrees with it', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2024-02-29T12:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00.5Z',
      '2026-01-01T10:00:00.123456Z',
      '2026-01-01T10:00:00+24:00',
      '2026-01-01T10:00:00+0100',
      '2026-01-01t10:00:00z',
      '2026-01-01T10:00:00',
      '2026-01-01 10:00:00Z',
      '0999-12-31T23:59:59Z',
      '+002026-01-01T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T10:00:00Z ',
      '2026-01-01T10:00:00+01:00x',
      'x',
      '',
    ]) {
      expect(instantMs(text), text).toBe(Date.parse(text));
    }
  });
});

describe('a Dutch wall-clock time as an instant', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(dutchInstant('2026-11-20', '09:30')).toBe('2026-11-20T09:30:00+01:00');
    expect(dutchInstant('2026-07-01', '14:05')).toBe('2026-07-01T14:05:00+02:00');
  });
  it('switches on the last Sundays of March and October', () => {
    expect(dutchInstant('2026-03-29', '01:59')).toBe('2026-03-29T01:59:00+01:00');
    expect(dutchInstant('2026-03-29', '03:00')).toBe('2026-03-29T03:00:00+02:00');
    // 02:30 happens twice on 25 October 2026: the first (summer time) is meant.
    expect(dutchInstant('2026-10-25', '02:30')).toBe('2026-10-25T02:30:00+02:00');
    expect(dutchInstant('2026-10-25', '03:30')).toBe('2026-10-25T03:30:00+01:00');
  });
  it('round-trips to the same Dutch date', () => {
    for (const d of ['2026-01-01', '2026-03-29', '2026-10-25', '2026-12-31'] as const)
      expect(dutchDate(dutchInstant(d, '00:15'))).toBe(d);
  });
});
