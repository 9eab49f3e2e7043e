/**
 * PgStaff on a real PostgreSQL database: the staff portal's accounts, second factor and search,
 * and single-use codes that stay single-use when many connections try at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgFixture, pgFixture } from '../testing/pg-directory.ts';
import * as schema from './schema.ts';
import { PgStaff } from './staff.ts';

let f: PgFixture;
let staff: PgStaff;
let revoked = 0;
beforeAll(async () => {
  f = await pgFixture();
  staff = new PgStaff(f.db, f.ids, () => revoked++);
});
afterAll(() => f.drop());

const hour = 3_600_000;
const at = new Date('2026-12-06T10:00:00Z');

describe('PgStaff', () => {
  it('adds members, finds them by id and lower-cased e-mail, lists them per organisation, oldest first', async () => {
    const a = await staff.add({ organisation: 'NB', email: 'Jan@NB.example', name: 'Jan', role: 'admin' });
    const b = await staff.add({ organisation: 'NB', email: 'piet@nb.example', name: 'Piet', role: 'viewer' });
    expect(a).toMatchObject({ organisation: 'NB', email: 'jan@nb.example', role: 'admin', totpKey: null, disabledAt: null });
    expect(a.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(a).not.toHaveProperty('totpLastStep');
    expect(await staff.byEmail('JAN@nb.example')).toEqual(a);
    expect(await staff.byId(b.id)).toEqual(b);
    expect((await staff.ofOrganisation('NB')).map((m) => m.name)).toEqual(['Jan', 'Piet']);
    expect(await staff.ofOrganisation('ONBEKEND')).toEqual([]);
    await expect(staff.add({ organisation: 'NB', email: 'jan@nb.example', name: 'J', role: 'viewer' })).rejects.toThrow();
  });

  it('changes a role only within the organisation, and signs the member out', async () => {
    const m = await staff.add({ organisation: 'AN', email: 'rol@an.example', name: 'Rol', role: 'viewer' });
    const session = {
      id: 's-rol',
      secretHash: 'h',
      staffId: m.id,
      twoFactorVerified: true,
      createdAt: at,
      expiresAt: new Date(at.getTime() + hour),
    };
    await staff.addSession(session);
    expect(await staff.session('s-rol')).toEqual(session);
    expect(await staff.update('NB', m.id, { role: 'admin' })).toBe(false);
    expect(await staff.update('AN', m.id, {})).toBe(false);
    expect(await staff.session('s-rol')).toBeDefined();
    expect(await staff.update('AN', m.id, { role: 'planner', disabled: true }, at)).toBe(true);
    expect(await staff.byId(m.id)).toMatchObject({ role: 'planner', disabledAt: at.toISOString() });
    expect(await staff.session('s-rol')).toBeUndefined();
    expect(await staff.update('AN', m.id, { disabled: false })).toBe(true);
    expect((await staff.byId(m.id))?.disabledAt).toBeNull();
  });

  it('keeps sessions: extend, delete one, delete all of a member', async () => {
    const m = await staff.add({ organisation: 'AN', email: 'sess@an.example', name: 'S', role: 'viewer' });
    const base = { secretHash: 'h', staffId: m.id, twoFactorVerified: false, createdAt: at, expiresAt: at };
    await staff.addSession({ ...base, id: 'x1' });
    await staff.addSession({ ...base, id: 'x2' });
    await staff.addSession({ ...base, id: 'x3' });
    const later = new Date(at.getTime() + 5 * hour);
    await staff.extendSession('x1', later);
    expect((await staff.session('x1'))?.expiresAt).toEqual(later);
    await staff.deleteSession('x2');
    expect(await staff.session('x2')).toBeUndefined();
    await staff.deleteSessionsOf(m.id);
    expect(await staff.session('x1')).toBeUndefined();
    expect(await staff.session('x3')).toBeUndefined();
  });

  it('uses a TOTP step once, and only forward; a new key starts again', async () => {
    const m = await staff.add({ organisation: 'NB', email: 'totp@nb.example', name: 'T', role: 'viewer' });
    await staff.setTotpKey(m.id, 'encrypted');
    expect((await staff.byId(m.id))?.totpKey).toBe('encrypted');
    // Twenty connections try the same step at once: one wins.
    const tries = await Promise.all(Array.from({ length: 20 }, () => staff.useTotpStep(m.id, 1000)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await staff.useTotpStep(m.id, 999)).toBe(false);
    expect(await staff.useTotpStep(m.id, 1001)).toBe(true);
    await staff.setTotpKey(m.id, 'another');
    expect(await staff.useTotpStep(m.id, 5)).toBe(true);
  });

  it('uses each recovery code once; replacing or clearing the key drops the old ones', async () => {
    const m = await staff.add({ organisation: 'NB', email: 'rec@nb.example', name: 'R', role: 'viewer' });
    await staff.setTotpKey(m.id, 'k');
    await staff.replaceRecoveryCodes(m.id, ['a', 'b']);
    const tries = await Promise.all(Array.from({ length: 20 }, () => staff.useRecoveryCode(m.id, 'a', at)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await staff.useRecoveryCode(m.id, 'zz', at)).toBe(false);
    // Two replacements at once leave one set, not both.
    await Promise.all([staff.replaceRecoveryCodes(m.id, ['c', 'd']), staff.replaceRecoveryCodes(m.id, ['e', 'f'])]);
    const left = await f.db.select().from(schema.staffRecoveryCodes);
    expect(left.filter((c) => c.staffId === m.id)).toHaveLength(2);
    expect(await staff.useRecoveryCode(m.id, 'b', at)).toBe(false);
    await staff.setTotpKey(m.id, null);
    expect((await f.db.select().from(schema.staffRecoveryCodes)).filter((c) => c.staffId === m.id)).toEqual([]);
    expect((await staff.byId(m.id))?.totpKey).toBeNull();
  });

  it('counts wrong sign-in codes and uses a code once, while unexpired and under the limit', async () => {
    const m = await staff.add({ organisation: 'NB', email: 'code@nb.example', name: 'C', role: 'viewer' });
    const expiresAt = new Date(at.getTime() + hour);
    await staff.addLoginCode({ id: 'c1', staffId: m.id, codeHash: 'h', expiresAt });
    expect(await staff.loginCode('c1')).toEqual({ id: 'c1', staffId: m.id, codeHash: 'h', expiresAt, attempts: 0, usedAt: null });
    expect(await staff.failLoginCode('c1')).toBe(1);
    expect(await staff.failLoginCode('nope')).toBe(0);
    const tries = await Promise.all(Array.from({ length: 20 }, () => staff.useLoginCode('c1', at, 5)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect((await staff.loginCode('c1'))?.usedAt).toEqual(at);

    await staff.addLoginCode({ id: 'c2', staffId: m.id, codeHash: 'h', expiresAt });
    expect(await staff.useLoginCode('c2', expiresAt, 5)).toBe(false);
    for (let i = 0; i < 5; i++) await staff.failLoginCode('c2');
    expect(await staff.useLoginCode('c2', at, 5)).toBe(false);
  });

  it('finds aanvragen in the scope by number, postcode with or without space, or name, in any case; latest first', async () => {
    const r = schema.requests;
    const rows = await f.db
      .insert(r)
      .values([
        {
          number: 'MA-2026-000001',
          combiId: f.ids.combiId('CA'),
          applicantName: 'Sanne de Vries',
          street: 'Dorpsstraat',
          houseNumber: '1',
          houseNumberAddition: 'A',
          postcode: '3511 AB',
          city: 'Utrecht',
          phase: 'voorbereiden',
          updatedAt: '2026-12-01T10:00:00Z',
          state: {},
        },
        {
          number: 'MA-2026-000002',
          combiId: null,
          applicantName: 'Piet_50%',
          postcode: '1234AB',
          phase: 'uitvoeren',
          updatedAt: '2026-12-03T10:00:00Z',
          state: {},
        },
        {
          number: 'MA-2026-000003',
          combiId: null,
          applicantName: 'Anna',
          phase: 'uitvoeren',
          updatedAt: '2026-12-02T10:00:00Z',
          state: {},
        },
      ])
      .returning();
    // 000002 is NB's by an opdracht; 000003 is NB2's.
    await f.db.insert(schema.workOrders).values([
      {
        requestId: rows[1]?.id as number,
        externalId: 'w2',
        discipline: 'gas',
        gridOperatorId: f.ids.organisationId('NB') as number,
        status: 'open',
      },
      {
        requestId: rows[2]?.id as number,
        externalId: 'w3',
        discipline: 'gas',
        gridOperatorId: f.ids.organisationId('NB2') as number,
        status: 'open',
      },
    ]);
    const all = { all: true } as const;
    const nb = { all: false, combis: ['CA'], gridOperator: 'NB' } as const;
    const an = { all: false, combis: ['CA'], gridOperator: undefined } as const;
    const numbers = async (scope: Parameters<PgStaff['findRequests']>[0], q: string) =>
      (await staff.findRequests(scope, q, 10)).map((s) => s.number);

    expect(await numbers(all, '')).toEqual(['MA-2026-000002', 'MA-2026-000003', 'MA-2026-000001']);
    expect(await numbers(nb, '')).toEqual(['MA-2026-000002', 'MA-2026-000001']);
    expect(await numbers(an, '')).toEqual(['MA-2026-000001']);
    expect(await numbers({ all: false, combis: [], gridOperator: undefined }, '')).toEqual([]);
    expect(await numbers(all, 'ma-2026-00000')).toHaveLength(3);
    expect(await numbers(all, '3511ab')).toEqual(['MA-2026-000001']);
    expect(await numbers(all, '1234 ab')).toEqual(['MA-2026-000002']);
    expect(await numbers(all, 'sanne')).toEqual(['MA-2026-000001']);
    expect(await numbers(all, 'de vries')).toEqual([]);
    // LIKE's wildcards in the query are plain characters.
    expect(await numbers(all, 'piet_5')).toEqual(['MA-2026-000002']);
    expect(await numbers(all, 'piet%')).toEqual([]);
    expect(await numbers(all, '_')).toEqual([]);
    expect(await staff.findRequests(all, 'MA-2026-000001', 10)).toEqual([
      {
        number: 'MA-2026-000001',
        phase: 'voorbereiden',
        combi: 'CA',
        applicantName: 'Sanne de Vries',
        address: 'Dorpsstraat 1 A, 3511 AB Utrecht',
        updatedAt: '2026-12-01T10:00:00.000Z',
      },
    ]);
    expect(await staff.findRequests(all, '', 1)).toHaveLength(1);
  });

  it('lists and revokes API keys of the own organisation only, and says so when one is revoked', async () => {
    const nb = f.ids.organisationId('NB') as number;
    const [key] = await f.db
      .insert(schema.apiKeys)
      .values({ organisationId: nb, prefix: 'tk_1', hash: 'hash-1', label: 'ERP' })
      .returning();
    const id = key?.id as number;
    expect(await staff.apiKeys('NB')).toEqual([{ id, prefix: 'tk_1', label: 'ERP', createdAt: key?.createdAt, revokedAt: null }]);
    expect(await staff.apiKeys('ONBEKEND')).toEqual([]);
    const before = revoked;
    expect(await staff.revokeApiKey('AN', id, at)).toBe(false);
    expect(await staff.revokeApiKey('NB', id, at)).toBe(true);
    expect(await staff.revokeApiKey('NB', id, at)).toBe(false);
    expect(revoked).toBe(before + 1);
    expect((await staff.apiKeys('NB'))[0]?.revokedAt).toBe(at.toISOString());
  });
});
