import { describe, expect, it } from 'vitest';
import {
  type CombiInfo,
  couldSend,
  type Directory,
  judge,
  mayManageAccess,
  type OrgKind,
  type Party,
  SEND_RULES,
  sendRuleText,
} from './authorization.ts';
import { MESSAGE_EXAMPLES } from './message-examples.ts';
import { MESSAGE_TYPES, type Message } from './messages.ts';
import { emptyState, foldMessages } from './request-state.ts';

describe('who may change who follows an aanvraag', () => {
  const state = { ...emptyState('MA-1'), applicant: { name: 'Sanne', email: 'Sanne@Example.com' } };
  it('is the applicant, whatever the case of their address', () => {
    expect(mayManageAccess('sanne@example.com', state)).toBe(true);
  });
  it('is nobody else: not someone acting for them, not for an unknown aanvraag', () => {
    expect(mayManageAccess('gemachtigde@example.com', state)).toBe(false);
    expect(mayManageAccess('sanne@example.com', undefined)).toBe(false);
    expect(mayManageAccess('sanne@example.com', emptyState('MA-2'))).toBe(false);
  });
});

describe('judge: an aanvraag the sender takes no part in is an unknown number', () => {
  const members = (...codes: string[]) => new Set(codes);
  const combis: Record<string, CombiInfo> = {
    oost: { code: 'oost', name: 'Oost', organisation: 'combi-oost', members: members('nb', 'ca-oost') },
    west: { code: 'west', name: 'West', organisation: 'combi-west', members: members('nb', 'ca-west') },
  };
  const kinds: Record<string, OrgKind> = {
    nb: 'netbeheerder',
    'ca-oost': 'aannemer',
    'ca-west': 'aannemer',
    'combi-west': 'combi',
  };
  const dir: Directory = {
    organisation: (code) => (kinds[code] ? { code, kind: kinds[code] } : undefined),
    combi: (code) => combis[code],
  };
  const submitted = (number: string, combi: string) =>
    ({
      id: `${number}-s`,
      type: 'request_submitted',
      requestNumber: number,
      occurredAt: '2026-11-02T10:00:00+01:00',
      kind: 'nieuwe_aansluiting',
      combi,
      applicant: { name: 'A', email: 'a@example.com' },
      address: { street: 'S', houseNumber: '1', postcode: '1234 AB', city: 'C' },
      workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'nb' }],
    }) as Message;
  const existing = foldMessages('MA-OOST', [{ ...submitted('MA-OOST', 'oost'), sender: 'nb' }]);
  const other = (n: string) =>
    ({
      id: 'c',
      type: 'contact_logged',
      requestNumber: n,
      occurredAt: '2026-11-03T10:00:00+01:00',
      contactMoment: '1',
      channel: 'telefoon',
      staffName: 'P',
      spokeWith: 'A',
      subject: 'S',
      summary: 'S',
    }) as Message;

  it('parks for a contractor and a combi-organisatie of another combi, as for an unknown number', () => {
    for (const code of ['ca-west', 'combi-west']) {
      const sender = { code, kind: kinds[code] as OrgKind };
      expect(judge(sender, other('MA-OOST'), existing, dir), code).toBe('parkeren');
      expect(judge(sender, other('MA-ONBEKEND'), undefined, dir), code).toBe('parkeren');
    }
    expect(judge({ code: 'ca-oost', kind: 'aannemer' }, other('MA-OOST'), existing, dir)).toBeUndefined();
  });

  it("refuses a type the sender's kind may never send alike, whether the aanvraag exists, is another's or is unknown", () => {
    const planning = { ...other('MA-OOST'), ...MESSAGE_EXAMPLES.planning_changed, id: 'p', requestNumber: 'MA-OOST' } as Message;
    const nb = { code: 'nb', kind: 'netbeheerder' as const };
    const nbWest = { code: 'nb-west', kind: 'netbeheerder' as const };
    const answers = [
      judge(nb, planning, existing, dir),
      judge(nbWest, planning, existing, dir),
      judge(nb, { ...planning, requestNumber: 'MA-ONBEKEND' } as Message, undefined, dir),
    ];
    expect(answers[0]).toMatchObject({ status: 403 });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it('lets every kind that is a party of a type in SEND_RULES send it before the aanvraag, and no other', () => {
    expect(couldSend('netbeheerder', 'planning_changed')).toBe(false);
    expect(couldSend('aannemer', 'planning_changed')).toBe(true);
    expect(couldSend('aannemer', 'quote_sent')).toBe(false);
    expect(couldSend('aannemer', 'work_order_completed')).toBe(true);
    for (const type of MESSAGE_TYPES) expect(couldSend('platform', type)).toBe(true);
    for (const type of MESSAGE_TYPES) expect(couldSend('combi', type)).toBe(true);
  });

  it('judges a submission on the sender first, and only then says a number is taken', () => {
    const sender = { code: 'combi-west', kind: 'combi' as const };
    expect(judge(sender, submitted('MA-OOST', 'oost'), existing, dir)).toMatchObject({ status: 403 });
    expect(judge(sender, submitted('MA-OOST', 'west'), existing, dir)).toEqual({
      status: 409,
      field: 'requestNumber',
      message: 'aanvraagnummer MA-OOST is al in gebruik',
    });
    expect(judge(sender, submitted('MA-VRIJ', 'west'), undefined, dir)).toBeUndefined();
  });
});

describe('SEND_RULES is the rule the check applies', () => {
  const dir: Directory = {
    organisation: (code) => {
      const kind = (
        {
          traject: 'platform',
          'combi-oost': 'combi',
          nb1: 'netbeheerder',
          nb2: 'netbeheerder',
          ca1: 'aannemer',
          ca2: 'aannemer',
        } as const
      )[code as 'traject'];
      return kind ? { code, kind } : undefined;
    },
    combi: (code) =>
      code === 'oost'
        ? { code, name: 'Oost', organisation: 'combi-oost', members: new Set(['nb1', 'nb2', 'ca1', 'ca2']) }
        : undefined,
  };
  const n = 'MA-RULES';
  const base = { requestNumber: n, occurredAt: '2026-11-03T10:00:00+01:00' };
  const submission = {
    ...MESSAGE_EXAMPLES.request_submitted,
    ...base,
    combi: 'oost',
    workOrders: [
      { id: 'E', discipline: 'elektra', gridOperator: 'nb1' },
      { id: 'G', discipline: 'gas', gridOperator: 'nb2' },
    ],
  } as Message;
  const handed = {
    ...MESSAGE_EXAMPLES.handed_to_combi,
    ...base,
    occurredAt: '2026-11-04T10:00:00+01:00',
    workOrderIds: ['E'],
    contractor: 'ca1',
  } as Message;
  const state = foldMessages(n, [
    { ...submission, sender: 'nb1' },
    { ...handed, sender: 'nb1' },
  ]);
  /** Which parties each sender is, for opdracht E (handed to ca1), told by hand. */
  const is: Record<string, Party[]> = {
    traject: ['platform'],
    'combi-oost': ['combi-organisatie'],
    nb1: ['netbeheerder-aanvraag', 'netbeheerder-opdracht'],
    nb2: ['netbeheerder-aanvraag'],
    ca1: ['aannemer-combi', 'aannemer-opdracht'],
    ca2: ['aannemer-combi'],
  };

  it('lets exactly the parties of the table send each message type, and refuses the others with 403', () => {
    for (const type of MESSAGE_TYPES.filter((t) => t !== 'request_submitted')) {
      const m = {
        ...MESSAGE_EXAMPLES[type],
        ...base,
        ...('workOrderId' in MESSAGE_EXAMPLES[type] && { workOrderId: 'E' }),
        ...(type === 'handed_to_combi' && { workOrderIds: ['E'], contractor: 'ca1' }),
      } as Message;
      for (const [code, parties] of Object.entries(is)) {
        const sender = { code, kind: dir.organisation(code)?.kind as OrgKind };
        const allowed = SEND_RULES[type].parties.some((p) => parties.includes(p));
        const verdict = judge(sender, m, state, dir);
        expect(verdict === undefined ? undefined : (verdict as { status?: number }).status, `${type} by ${code}`).toBe(
          allowed ? undefined : 403,
        );
      }
    }
  });

  it('keeps the division of the klantcontactproces: planning by the contractor, quotes by the grid operator', () => {
    expect(SEND_RULES.planning_changed.parties).not.toContain('netbeheerder-aanvraag');
    expect(SEND_RULES.quote_sent.parties).not.toContain('aannemer-combi');
    expect(sendRuleText('planning_changed').who).toBe(
      'Mag worden gestuurd door het platform (Traject zelf, ook de helpdesk), de combi-organisatie van de combi van de aanvraag of een aannemer van de combi.',
    );
  });
});
