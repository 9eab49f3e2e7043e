import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from './content.ts';
import {
  answersByTopic,
  applicantKey,
  nextFromWaitingList,
  panelForm,
  registrationOutcome,
  summaryFileCheck,
} from './klantenpanels.ts';
import { loadSurveys, PANEL_SURVEY } from './survey-schema.ts';

describe('klantenpanels', () => {
  it('names an applicant by KvK number, else by e-mail address without case', () => {
    expect(applicantKey({ kvk: '12345678', email: 'A@b.nl' })).toBe('kvk:12345678');
    expect(applicantKey({ kvk: null, email: ' Sanne@Example.com ' })).toBe('email:sanne@example.com');
    expect(applicantKey({ kvk: null, email: null })).toBeUndefined();
  });

  it('registers within the capacity, then on the waiting list; not after the deadline (Dutch day)', () => {
    const panel = { capacity: 2, deadline: '2027-01-31' };
    const lastMinute = new Date('2027-01-31T22:59:59Z');
    expect(registrationOutcome(panel, 'uitgenodigd', 1, lastMinute)).toBe('aangemeld');
    expect(registrationOutcome(panel, 'uitgenodigd', 2, lastMinute)).toBe('wachtlijst');
    expect(registrationOutcome(panel, 'afgemeld', 0, lastMinute)).toBe('aangemeld');
    expect(registrationOutcome(panel, 'wachtlijst', 0, lastMinute)).toBe('al-aangemeld');
    expect(registrationOutcome(panel, 'uitgenodigd', 0, new Date('2027-01-31T23:00:00Z'))).toBe('te-laat');
  });

  it('moves up the first to register on the waiting list', () => {
    const list = [
      { id: 'b', state: 'wachtlijst' as const, registeredAt: '2026-12-02T10:00:00.000Z' },
      { id: 'a', state: 'aangemeld' as const, registeredAt: '2026-12-01T10:00:00.000Z' },
      { id: 'c', state: 'wachtlijst' as const, registeredAt: '2026-12-01T11:00:00.000Z' },
    ];
    expect(nextFromWaitingList(list)?.id).toBe('c');
    expect(nextFromWaitingList(list.filter((i) => i.id === 'a'))).toBeUndefined();
  });

  it('refuses a panel form with a deadline after the panel, a capacity of 0 or unknown fields', () => {
    const form = {
      combi: 'brabant-oost',
      titel: 'Panel',
      datum: '2027-02-10',
      tijd: '14:00',
      plaats: 'Eindhoven',
      capaciteit: '12',
      aanmeldenTot: '2027-01-31',
      partners: 'Bouwend Nederland, Combi Brabant-Oost\n',
    };
    expect(panelForm.parse(form).partners).toEqual(['Bouwend Nederland', 'Combi Brabant-Oost']);
    expect(panelForm.safeParse({ ...form, aanmeldenTot: '2027-02-11' }).error?.issues[0]?.path).toEqual(['aanmeldenTot']);
    expect(panelForm.safeParse({ ...form, capaciteit: '0' }).success).toBe(false);
    expect(panelForm.safeParse({ ...form, extra: 'x' }).success).toBe(false);
  });

  it('takes a summary file by its bytes, not its name, within the size', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7');
    expect(summaryFileCheck('Verslag 12-3 <def>.PDF', pdf)).toEqual({
      ok: true,
      type: 'application/pdf',
      name: 'Verslag 12-3 def.pdf',
    });
    expect(summaryFileCheck('foto.pdf', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({
      type: 'image/jpeg',
      name: 'foto.jpg',
    });
    expect(summaryFileCheck('x.pdf', new TextEncoder().encode('<script>'))).toEqual({ ok: false, reason: 'soort' });
    expect(summaryFileCheck('x.pdf', new Uint8Array(0))).toEqual({ ok: false, reason: 'leeg' });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(pdf);
    expect(summaryFileCheck('x.pdf', big)).toEqual({ ok: false, reason: 'te-groot' });
  });

  it('groups the questionnaire by topic, the most chosen first, with what those respondents wrote', () => {
    const survey = loadSurveys(DEFAULT_CONTENT_DIR).get(PANEL_SURVEY);
    if (!survey) throw new Error('content/enquetes/klantenpanel.yaml ontbreekt');
    const grouped = answersByTopic(survey, [
      { ervaring: 2, onderwerpen: ['planning', 'projecten'], toelichting: 'Vaste datums eerder' },
      { ervaring: 4, onderwerpen: ['planning'] },
      { ervaring: 5, toelichting: 'Prima zo' },
    ]);
    expect(grouped.respondents).toBe(3);
    expect(grouped.topics.slice(0, 2).map((t) => [t.topic, t.chosenBy])).toEqual([
      ['planning', 2],
      ['projecten', 1],
    ]);
    expect(grouped.topics[0]?.texts.map((t) => t.text)).toEqual(['Vaste datums eerder']);
    expect(grouped.topics.at(-1)).toMatchObject({ topic: undefined, label: 'Zonder onderwerp', texts: [{ text: 'Prima zo' }] });
    expect(grouped.scales).toEqual([
      { question: 'ervaring', label: expect.any(String), n: 3, average: 3.7, counts: [0, 1, 0, 1, 1], from: 1 },
    ]);
  });
});
