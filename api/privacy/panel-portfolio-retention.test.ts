/**
 * Retention and the customer's download for klantenpanels (decision 0044) and portfolios (0045),
 * on both databases: a panel that started longer ago than the period loses its invitees' names,
 * addresses and links, and its questionnaire's free text keeps no person; a later panel is left
 * alone. Portfolio feeds that were revoked or whose owner left go; members and delegates keep
 * their sign-in when their own old aanvraag is anonymised. The download of an address holds its
 * panel invitations (with the questionnaire's answers), memberships, delegations and feeds.
 *
 * Now is 7 December 2026; the period 730 days. The old panel was in January 2024, the recent
 * one in November 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import type { Message } from '../../domain/messages.ts';
import { REDACTED, retentionCutoff } from '../../domain/retention.ts';
import { hashSecret } from '../auth/tokens.ts';
import type { CustomerPanel, Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { submission } from '../testing.ts';

const NOW = new Date('2026-12-07T10:00:00Z');
const SANNE = { name: 'Sanne de Vries', email: 'Sanne@Example.com' };
const KVK = '12345678';
const ADMIN = 'planning@hendriks.example';
const MEMBER = 'uitvoerder@hendriks.example';
const DELEGATE = 'opzichter@elders.example';
const LEFT_ALONE = 'eenmalig@voorbeeld.nl';

let store: Store;
let oldPanel: CustomerPanel;
let recentPanel: CustomerPanel;

const planned = (title: string, startsAt: string) =>
  store.panels.create({
    combi: 'brabant-oost',
    organisation: 'combi-brabant-oost',
    title,
    startsAt,
    place: 'Eindhoven, Stadhuisplein 1',
    capacity: 10,
    deadline: startsAt.slice(0, 10),
    partners: ['Bouwend Nederland'],
    createdBy: 'Piet Planner',
  });

async function invite(panel: CustomerPanel, id: string, at: Date) {
  const invitation = { id, applicantKey: 'email:sanne@example.com', ...SANNE, lang: 'nl' as const, secretHash: hashSecret(id) };
  const mail = {
    idempotencyKey: `panel:${id}`,
    kind: 'klantenpanel-uitnodiging',
    to: SANNE.email,
    subject: 'Uitnodiging',
    html: '',
    text: '',
  };
  expect(await store.panels.invite(panel.id, [{ invitation, mail }], at)).toBe(1);
  await store.panels.register(id, at);
  await store.responses.save({
    id: `antwoord-${id}`,
    context: { survey: 'klantenpanel', invitationId: id },
    answers: {
      ervaring: 2,
      onderwerpen: ['planning'],
      toelichting: `Sanne de Vries wacht te lang op de planning; mail sanne@example.com gerust.`,
    },
    completed: true,
    at,
  });
}

/** An aanvraag of `email` cancelled in 2023: past the period, so anonymised by the run. */
function cancelledLongAgo(number: string, email: string): Message[] {
  return [
    submission(number, {
      occurredAt: '2023-03-01T10:00:00+01:00',
      applicant: { name: 'Bouwbedrijf Hendriks', email, kind: 'zakelijk', kvk: KVK },
    }),
    {
      id: `${number}-x`,
      type: 'request_cancelled',
      requestNumber: number,
      occurredAt: '2023-03-02T10:00:00+01:00',
      reason: 'Dubbel',
    } as Message,
  ];
}

const session = (email: string) =>
  store.access.addSession({
    id: `s-${email}`,
    secretHash: hashSecret(email),
    email,
    createdAt: NOW,
    expiresAt: new Date(NOW.getTime() + 86_400_000),
  });

beforeEach(async () => {
  store = await openTestStore();
  await seedDirectory(store);
  oldPanel = await planned('Klantenpanel januari 2024', '2024-01-15T14:00:00.000Z');
  recentPanel = await planned('Klantenpanel november 2026', '2026-11-20T14:00:00.000Z');
  await invite(oldPanel, 'uitn-oud', new Date('2024-01-02T10:00:00Z'));
  await invite(recentPanel, 'uitn-nieuw', new Date('2026-11-02T10:00:00Z'));

  const orgs = store.applicantOrganisations;
  expect(await orgs.register(KVK, 'hendriks.example', ADMIN, new Date('2026-10-01T10:00:00Z'))).toBe(true);
  await orgs.addMember(KVK, MEMBER, ADMIN, new Date('2026-10-02T10:00:00Z'));
  await orgs.addDelegate(KVK, 'P-ZUID', DELEGATE, ADMIN, new Date('2026-10-03T10:00:00Z'));
  const feed = (id: string, email: string, at: string) =>
    orgs.createFeed({ id, secretHash: hashSecret(id), kvk: KVK, email, createdAt: new Date(at) });
  await feed('feed-admin-1', ADMIN, '2026-10-04T10:00:00Z');
  await feed('feed-admin-2', ADMIN, '2026-10-05T10:00:00Z'); // revokes the first
  await feed('feed-lid', MEMBER, '2026-10-06T10:00:00Z');

  const sender = store.organisation('netbeheer-zuid') as NonNullable<ReturnType<Store['organisation']>>;
  const messages = [ADMIN, DELEGATE, LEFT_ALONE].flatMap((email, i) => cancelledLongAgo(`MA-H-${i + 1}`, email));
  const results = await store.ingest(messages.map((message) => ({ sender, message })));
  expect(results.map((r) => r.status)).toEqual(messages.map(() => 201));
  for (const email of [ADMIN, DELEGATE, LEFT_ALONE]) await session(email);
});
afterEach(async () => {
  await store.close();
});

const run = () => store.retention.anonymise({ before: retentionCutoff(NOW, 730), now: NOW });

describe('klantenpanels past the retention period', () => {
  it('lose the invitees’ names, addresses, applicant keys and links; state and times stay; a recent panel is untouched', async () => {
    const recentBefore = await store.panels.invitation('uitn-nieuw');
    const counts = await run();
    expect(counts.unlinked).toBeGreaterThan(0);
    const old = await store.panels.invitation('uitn-oud');
    expect(old).toMatchObject({ name: '', email: '', applicantKey: 'verwijderd:uitn-oud', secretHash: '', state: 'aangemeld' });
    expect(await store.panels.invitation('uitn-nieuw')).toEqual(recentBefore);
    expect(JSON.stringify(await store.panels.invitations(oldPanel.id))).not.toMatch(/sanne/i);
    // Counted as before, without a person.
    expect((await store.panels.panel(oldPanel.id))?.counts.aangemeld).toBe(1);
  });

  it('keep the questionnaire’s scales and topics, its free text without the invitee', async () => {
    await run();
    const old = await store.responses.get('antwoord-uitn-oud');
    expect(old?.answers.ervaring).toBe(2);
    expect(old?.answers.onderwerpen).toEqual(['planning']);
    expect(old?.answers.toelichting).toBe(`${REDACTED} wacht te lang op de planning; mail ${REDACTED} gerust.`);
    expect((await store.responses.get('antwoord-uitn-nieuw'))?.answers.toelichting).toContain('Sanne de Vries');
  });

  it('is idempotent: a second run finds nothing more to clear', async () => {
    await run();
    const again = await run();
    expect(again).toEqual({ requests: 0, messages: 0, sessions: 0, unlinked: 0 });
  });
});

describe('portfolios in the retention run', () => {
  it('delete revoked feeds and those of a member who left; a live feed stays', async () => {
    await store.applicantOrganisations.removeMember(KVK, MEMBER);
    await run();
    const orgs = store.applicantOrganisations;
    expect(await orgs.feed('feed-admin-1')).toBeUndefined();
    expect(await orgs.feed('feed-lid')).toBeUndefined();
    expect(await orgs.feed('feed-admin-2')).toMatchObject({ email: ADMIN, revokedAt: null });
  });

  it('purge the expired mail codes of a domain verification, with their address; a valid one stays', async () => {
    const orgs = store.applicantOrganisations;
    const code = (id: string, expiresAt: Date) =>
      orgs.addLoginCode({
        id,
        kvk: '87654321',
        domain: 'bouw.example',
        email: 'inkoop@bouw.example',
        codeHash: hashSecret(id),
        expiresAt,
      });
    await code('code-verlopen', new Date(NOW.getTime() - 60_000));
    await code('code-geldig', new Date(NOW.getTime() + 600_000));
    expect(await store.retention.purgeExpired(NOW)).toMatchObject({ organisationCodes: 1 });
    expect(await orgs.loginCode('code-verlopen')).toBeUndefined();
    expect(await orgs.loginCode('code-geldig')).toBeDefined();
  });

  it('keep the sign-in of members and delegates whose own old aanvraag is anonymised; others lose theirs', async () => {
    const counts = await run();
    expect(counts.requests).toBe(3);
    expect(await store.access.session(`s-${ADMIN}`)).toBeDefined();
    expect(await store.access.session(`s-${DELEGATE}`)).toBeDefined();
    expect(await store.access.session(`s-${LEFT_ALONE}`)).toBeUndefined();
  });
});

describe('the customer’s data download', () => {
  it('holds the address’s panel invitations, in any case, with the questionnaire’s answers', async () => {
    const data = await store.retention.subjectAccess('sanne@example.com');
    expect(data.panelInvitations).toEqual([
      expect.objectContaining({ panel: 'Klantenpanel januari 2024', name: SANNE.name, state: 'aangemeld' }),
      expect.objectContaining({ panel: 'Klantenpanel november 2026', place: 'Eindhoven, Stadhuisplein 1' }),
    ]);
    expect(data.surveyResponses.map((r) => [r.survey, r.answers.onderwerpen])).toEqual([
      ['klantenpanel', ['planning']],
      ['klantenpanel', ['planning']],
    ]);
    expect(data.portfolio).toEqual({ memberships: [], delegations: [], calendarFeeds: [] });
    // After the run the old panel no longer knows the address.
    await run();
    expect((await store.retention.subjectAccess('sanne@example.com')).panelInvitations.map((i) => i.panel)).toEqual([
      'Klantenpanel november 2026',
    ]);
  });

  it('holds a member’s memberships and feeds, a delegate’s delegations, and nothing of the others', async () => {
    const admin = await store.retention.subjectAccess(ADMIN);
    expect(admin.portfolio.memberships).toEqual([{ kvk: KVK, role: 'beheerder', addedAt: expect.any(String) }]);
    expect(admin.portfolio.calendarFeeds.map((f) => f.revokedAt === null)).toEqual([false, true]);
    expect(admin.portfolio.delegations).toEqual([]);
    expect(JSON.stringify(admin)).not.toContain(MEMBER);
    const delegate = await store.retention.subjectAccess(DELEGATE);
    expect(delegate.portfolio).toEqual({
      memberships: [],
      delegations: [{ kvk: KVK, project: 'P-ZUID', addedAt: expect.any(String) }],
      calendarFeeds: [],
    });
    expect(JSON.stringify(delegate)).not.toContain(ADMIN);
    expect(delegate.panelInvitations).toEqual([]);
  });
});
