/**
 * PgAccess on a real PostgreSQL database: the customer's sign-in codes, sessions, personal links,
 * grants and preferences, and single use that holds when two processes race for one code or link.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRequest, type MigratedDatabase, openMigratedDatabase } from '../testing/migrated-database.ts';
import { PgAccess } from './access.ts';

const NUMBER = 'MA-2026-000001';
const at = new Date('2026-12-06T10:00:00.000Z');
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

let database: MigratedDatabase;
let access: PgAccess;
beforeEach(async () => {
  database = await openMigratedDatabase();
  access = new PgAccess(database.db);
  await insertRequest(database.db, NUMBER, { applicantEmail: 'anna@example.nl', postcode: '1234 AB', houseNumber: '12' });
});
afterEach(() => database.drop());

/** A second process: its own pool and its own store on the same database. */
const otherProcess = () => new PgAccess(database.connect().db);

describe('PgAccess', () => {
  it('gives the applicant’s address only for the matching postcode and house number', async () => {
    expect(await access.applicantEmail(' ma-2026-000001 ', '1234ab', ' 12 ')).toBe('anna@example.nl');
    expect(await access.applicantEmail(NUMBER, '1234 AC', '12')).toBeUndefined();
    expect(await access.applicantEmail(NUMBER, '1234 AB', '14')).toBeUndefined();
    expect(await access.applicantEmail('MA-2026-999999', '1234 AB', '12')).toBeUndefined();
  });

  it('lists what an address follows, as applicant and by grants, each once and sorted', async () => {
    await insertRequest(database.db, 'MA-2026-000003', { applicantEmail: 'piet@example.nl' });
    await insertRequest(database.db, 'MA-2026-000002', { applicantEmail: 'piet@example.nl' });
    await access.grantAccess('MA-2026-000003', 'Anna@Example.nl', 'piet@example.nl', at);
    await access.grantAccess('MA-2026-000002', 'anna@example.nl', 'piet@example.nl', at);
    await access.revokeAccess('MA-2026-000002', 'ANNA@example.nl', later(1));
    expect(await access.requestNumbersFor('ANNA@example.nl')).toEqual([NUMBER, 'MA-2026-000003']);
    expect(await access.requestNumbersFor('piet@example.nl')).toEqual(['MA-2026-000002', 'MA-2026-000003']);
    expect(await access.mayFollow('anna@example.nl', 'MA-2026-000003')).toBe(true);
    expect(await access.mayFollow('anna@example.nl', 'MA-2026-000002')).toBe(false);
    expect(await access.mayFollow('Anna@example.nl', NUMBER)).toBe(true);
    expect(await access.mayFollow('kees@example.nl', NUMBER)).toBe(false);
  });

  it('keeps grants per address, renews a revoked one and lists them in byte order', async () => {
    await access.grantAccess(NUMBER, 'zoe@example.nl', 'anna@example.nl', at);
    await access.grantAccess(NUMBER, 'Bram@example.nl', 'Anna@example.nl', at);
    await access.grantAccess(NUMBER, 'adam@example.nl', 'anna@example.nl', at);
    await access.revokeAccess(NUMBER, 'zoe@example.nl', later(1));
    await access.grantAccess(NUMBER, 'zoe@example.nl', 'anna@example.nl', later(2));
    expect(await access.grantsFor(NUMBER)).toEqual([
      { email: 'adam@example.nl', grantedBy: 'anna@example.nl', createdAt: at.toISOString() },
      { email: 'bram@example.nl', grantedBy: 'anna@example.nl', createdAt: at.toISOString() },
      { email: 'zoe@example.nl', grantedBy: 'anna@example.nl', createdAt: later(2).toISOString() },
    ]);
    expect(await access.grantsFor('MA-2026-999999')).toEqual([]);
    await expect(access.grantAccess('MA-2026-999999', 'a@example.nl', 'b@example.nl', at)).rejects.toThrow(/unknown aanvraag/);
    await access.revokeAccess('MA-2026-999999', 'a@example.nl', at);
  });

  it('uses a sign-in code once, before it expires and while it has tries left', async () => {
    await access.addLoginCode({ id: 'c1', email: 'Anna@example.nl', codeHash: 'h', expiresAt: later(10) });
    expect(await access.loginCode('c1')).toEqual({
      id: 'c1',
      email: 'anna@example.nl',
      codeHash: 'h',
      expiresAt: later(10),
      attempts: 0,
      usedAt: null,
    });
    expect(await access.useLoginCode('c1', later(10), 5)).toBe(false);
    expect(await access.useLoginCode('c1', later(1), 5)).toBe(true);
    expect(await access.useLoginCode('c1', later(2), 5)).toBe(false);
    expect((await access.loginCode('c1'))?.usedAt).toEqual(later(1));
    expect(await access.loginCode('c2')).toBeUndefined();

    await access.addLoginCode({ id: 'c3', email: 'anna@example.nl', codeHash: 'h', expiresAt: later(10) });
    expect(await access.failLoginCode('c3')).toBe(1);
    expect(await access.failLoginCode('c3')).toBe(2);
    expect(await access.useLoginCode('c3', later(1), 2)).toBe(false);
    expect(await access.useLoginCode('c3', later(1), 3)).toBe(true);
    expect(await access.failLoginCode('nope')).toBe(0);
  });

  it('counts wrong tries made at once on two processes, each with its own new total', async () => {
    await access.addLoginCode({ id: 'c1', email: 'anna@example.nl', codeHash: 'h', expiresAt: later(10) });
    const other = otherProcess();
    const counts = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : access).failLoginCode('c1')));
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await access.loginCode('c1'))?.attempts).toBe(10);
  });

  it('lets exactly one of two processes use a sign-in code or a personal link at once', async () => {
    const other = otherProcess();
    for (let round = 0; round < 20; round++) {
      await access.addLoginCode({ id: `c${round}`, email: 'anna@example.nl', codeHash: 'h', expiresAt: later(10) });
      await access.addAccessLink({
        id: `l${round}`,
        secretHash: 's',
        requestNumber: NUMBER,
        email: 'anna@example.nl',
        purpose: 'volgen',
        expiresAt: later(60),
      });
      const codes = await Promise.all([
        access.useLoginCode(`c${round}`, later(1), 5),
        other.useLoginCode(`c${round}`, later(1), 5),
      ]);
      expect(codes.filter(Boolean)).toHaveLength(1);
      const links = await Promise.all([access.useAccessLink(`l${round}`, later(1)), other.useAccessLink(`l${round}`, later(1))]);
      expect(links.filter(Boolean)).toHaveLength(1);
    }
  });

  it('keeps sessions, extends and deletes them', async () => {
    const session = { id: 's1', secretHash: 'h', email: 'Anna@example.nl', createdAt: at, expiresAt: later(30) };
    await access.addSession(session);
    expect(await access.session('s1')).toEqual({ ...session, email: 'anna@example.nl' });
    await access.extendSession('s1', later(60));
    expect((await access.session('s1'))?.expiresAt).toEqual(later(60));
    await access.deleteSession('s1');
    expect(await access.session('s1')).toBeUndefined();
  });

  it('reads a personal link back with its aanvraag, and refuses one for an unknown aanvraag', async () => {
    const link = {
      id: 'l1',
      secretHash: 's',
      requestNumber: NUMBER,
      email: 'Anna@example.nl',
      purpose: 'afmelden' as const,
      expiresAt: later(60),
    };
    await access.addAccessLink(link);
    expect(await access.accessLink('l1')).toEqual({ ...link, email: 'anna@example.nl', usedAt: null });
    expect(await access.useAccessLink('l1', later(1))).toBe(true);
    expect((await access.accessLink('l1'))?.usedAt).toEqual(later(1));
    expect(await access.accessLink('l2')).toBeUndefined();
    await expect(access.addAccessLink({ ...link, id: 'l3', requestNumber: 'MA-2026-999999' })).rejects.toThrow(
      /unknown aanvraag/,
    );
  });

  it('keeps a notification choice per aanvraag and address; everything when none was made', async () => {
    expect(await access.notificationMode(NUMBER, 'anna@example.nl')).toBe('alles');
    await access.setNotificationMode(NUMBER, 'Anna@example.nl', 'planning', at);
    expect(await access.notificationMode(NUMBER, 'anna@EXAMPLE.nl')).toBe('planning');
    await access.setNotificationMode(NUMBER, 'anna@example.nl', 'niets', later(1));
    expect(await access.notificationMode(NUMBER, 'anna@example.nl')).toBe('niets');
    expect(await access.notificationMode(NUMBER, 'piet@example.nl')).toBe('alles');
    expect(await access.notificationMode('MA-2026-999999', 'anna@example.nl')).toBe('alles');
    await expect(access.setNotificationMode('MA-2026-999999', 'a@example.nl', 'niets', at)).rejects.toThrow(/unknown aanvraag/);
  });

  it('keeps the language an address chose, whatever the case of the address; none when it never chose', async () => {
    expect(await access.language('anna@example.nl')).toBeUndefined();
    await access.setLanguage('Anna@example.nl', 'en', at);
    expect(await access.language('anna@EXAMPLE.nl')).toBe('en');
    await access.setLanguage('anna@example.nl', 'nl', later(1));
    expect(await access.language('anna@example.nl')).toBe('nl');
    expect(await access.language('piet@example.nl')).toBeUndefined();
  });
});
