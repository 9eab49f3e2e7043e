/**
 * Quality samples (steekproeven, issue 15 item 6): a combi-organisatie or grid operator draws a
 * random sample of the contact moments logged in a period, reviews each against the standard of
 * the customer-contact process (date and time, staff name, spoke with whom, about what, the
 * confirmation mail, within the norm) and reports per party. Pure: which contact moments are
 * candidates is the store's (the organisation's scope), the norm is dashboard-metrics.ts's.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { addDays, DAY_MS, dutchDate, dutchInstant, type IsoDate } from './calendar.ts';
import type { Content } from './content.ts';
import { contactMomentMeasures, judge } from './dashboard-metrics.ts';
import type { ContactMoment, RequestState } from './request-state.ts';
import { DEFAULT_OUTBOX_RETENTION_DAYS } from './retention.ts';

/** The points of the standard a contact moment is reviewed on, in the order of the form. */
export const SAMPLE_CRITERIA = ['datum-tijd', 'medewerker', 'gesproken-met', 'onderwerp', 'bevestiging', 'binnen-norm'] as const;
export type SampleCriterion = (typeof SAMPLE_CRITERIA)[number];

export const CRITERION_LABELS: Record<SampleCriterion, string> = {
  'datum-tijd': 'Datum en tijd vastgelegd',
  medewerker: 'Naam medewerker',
  'gesproken-met': 'Met wie gesproken',
  onderwerp: 'Waarover (onderwerp en samenvatting)',
  bevestiging: 'Bevestiging per e-mail verstuurd',
  'binnen-norm': 'Binnen de norm',
};

export const SAMPLE_VERDICTS = ['voldoet', 'voldoet-niet'] as const;
export type SampleVerdict = (typeof SAMPLE_VERDICTS)[number];
export const VERDICT_LABELS: Record<SampleVerdict, string> = { voldoet: 'Voldoet', 'voldoet-niet': 'Voldoet niet' };

/** The largest sample: one operational meeting reviews at most this many. */
export const MAX_SAMPLE_SIZE = 100;
/** The longest period one sample covers. */
export const MAX_PERIOD_DAYS = 366;

const isoDate = z.iso.date();

/** The form to draw a sample: the period (both days included), the size and an optional seed. */
export const sampleRequestForm = z
  .strictObject({
    van: isoDate,
    tot: isoDate,
    omvang: z.coerce.number().int().min(1).max(MAX_SAMPLE_SIZE),
    zaad: z
      .string()
      .trim()
      .max(40)
      .regex(/^[\w-]*$/, 'alleen letters, cijfers, - en _')
      .optional(),
  })
  .refine((f) => f.van <= f.tot, { path: ['tot'], message: 'de einddatum ligt vóór de begindatum' })
  .refine((f) => f.tot <= addDays(f.van, MAX_PERIOD_DAYS - 1), { path: ['tot'], message: 'de periode is langer dan een jaar' });

/** The instants a period of Dutch dates covers: from the start of `from` up to (not including) the day after `to`. */
export function periodInstants(from: IsoDate, to: IsoDate): { from: string; before: string } {
  return {
    from: new Date(dutchInstant(from, '00:00')).toISOString(),
    before: new Date(dutchInstant(addDays(to, 1), '00:00')).toISOString(),
  };
}

/** A 32-bit hash of the seed (FNV-1a), the start of the generator. */
function seedHash(seed: string): number {
  let h = 0x811c9dc5;
  for (const ch of seed) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mulberry32: a small generator that gives the same numbers for the same seed on every machine. */
function generator(seed: string): () => number {
  let a = seedHash(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` of the candidates, chosen at random by `seed` (a partial Fisher–Yates shuffle), in the
 * candidates' order. The same candidates in the same order and the same seed give the same
 * sample, so a sample can be drawn again to show it was not picked by hand.
 */
export function seededSample<T>(candidates: readonly T[], size: number, seed: string): T[] {
  const random = generator(seed);
  const order = candidates.map((_, i) => i);
  const n = Math.min(size, order.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => candidates[i] as T);
}

/**
 * What the outbox knows of the moment's confirmation mail: 'geen' when none was queued (no
 * address, or the customer opted out); 'onbekend' when there is no row and the moment is older
 * than the outbox keeps sent mails (domain/retention.ts): then it can no longer be checked.
 */
export type ConfirmationMail = 'verstuurd' | 'in-wachtrij' | 'mislukt' | 'geen' | 'onbekend';
export const MAIL_LABELS: Record<ConfirmationMail, string> = {
  verstuurd: 'verstuurd',
  'in-wachtrij': 'nog in de wachtrij',
  mislukt: 'niet afgeleverd',
  geen: 'niet verstuurd',
  onbekend: 'niet meer na te gaan (de verzendgegevens zijn na de bewaartermijn verwijderd)',
};

const OUTBOX_STATUS = { sent: 'verstuurd', pending: 'in-wachtrij', failed: 'mislukt' } as const;

export function confirmationMail(
  status: keyof typeof OUTBOX_STATUS | null,
  momentAt: string,
  now: Date,
  outboxDays = DEFAULT_OUTBOX_RETENTION_DAYS,
): ConfirmationMail {
  if (status) return OUTBOX_STATUS[status];
  return now.getTime() - Date.parse(momentAt) > outboxDays * DAY_MS ? 'onbekend' : 'geen';
}

/** Whether the moment met its norm: 'geen-norm' for moments without one (KCM 2, 3, …) and for repeats of a moment already measured. */
export type NormFinding = { finding: 'op-tijd' | 'te-laat' | 'geen-norm'; due?: IsoDate };

/** A sampled contact moment as the review reads it: the logged one, its code as stored. */
export type SampledMoment = Omit<ContactMoment, 'messageId' | 'code'> & { code: string };

/**
 * The norm of the contact moment, by the dashboard's own measures (contactMomentMeasures): the
 * measured moment of that code and organisation done on this moment's day is this one.
 */
export function normFinding(moment: SampledMoment, state: RequestState, content: Content): NormFinding {
  const day = dutchDate(moment.at);
  const matching = contactMomentMeasures(state, content).filter(
    (m) => content.steps.get(m.step)?.contactmoment === moment.code && m.doneOn === day,
  );
  const measure = matching.find((m) => m.organisation === moment.organisation) ?? matching[0];
  if (!measure) return { finding: 'geen-norm' };
  return { finding: judge(measure.due, measure.doneOn, day) === 'op-tijd' ? 'op-tijd' : 'te-laat', due: measure.due };
}

/** What the record itself shows per point of the standard: met, not met, or not applicable (null). */
export function standardFindings(
  moment: SampledMoment,
  mail: ConfirmationMail,
  norm: NormFinding,
): Record<SampleCriterion, boolean | null> {
  const filled = (value: string) => value.trim().length > 0;
  return {
    'datum-tijd': !Number.isNaN(Date.parse(moment.at)),
    medewerker: filled(moment.staffName),
    'gesproken-met': filled(moment.spokeWith),
    onderwerp: filled(moment.subject) && filled(moment.summary),
    bevestiging: mail === 'onbekend' ? null : mail === 'verstuurd',
    'binnen-norm': norm.finding === 'geen-norm' ? null : norm.finding === 'op-tijd',
  };
}

/** The reviewer's verdict on one moment: the points not met come from the form. */
export const verdictForm = z.strictObject({
  oordeel: z.enum(SAMPLE_VERDICTS),
  tekortkomingen: z.array(z.enum(SAMPLE_CRITERIA)).max(SAMPLE_CRITERIA.length),
  toelichting: z.string().trim().max(500),
});

/** One sampled moment in the report: the party that logged it and its verdict, if reviewed. */
export type ReviewedMoment = { party: string; verdict: SampleVerdict | null; failed: readonly SampleCriterion[] };

export type PartyReport = {
  party: string;
  drawn: number;
  reviewed: number;
  meets: number;
  fails: number;
  /** Meets among the reviewed; null when none is reviewed yet. */
  share: number | null;
  failedPerCriterion: Record<SampleCriterion, number>;
};

/** The report for the operational meeting: per party that logged the moments (by code), and the total. */
export function sampleReport(moments: readonly ReviewedMoment[]): { parties: PartyReport[]; total: PartyReport } {
  const empty = (party: string): PartyReport => ({
    party,
    drawn: 0,
    reviewed: 0,
    meets: 0,
    fails: 0,
    share: null,
    failedPerCriterion: Object.fromEntries(SAMPLE_CRITERIA.map((c) => [c, 0])) as Record<SampleCriterion, number>,
  });
  const byParty = new Map<string, PartyReport>();
  const total = empty('');
  for (const m of moments) {
    let row = byParty.get(m.party);
    if (!row) {
      row = empty(m.party);
      byParty.set(m.party, row);
    }
    for (const r of [row, total]) {
      r.drawn++;
      if (!m.verdict) continue;
      r.reviewed++;
      if (m.verdict === 'voldoet') r.meets++;
      else r.fails++;
      for (const c of new Set(m.failed)) r.failedPerCriterion[c]++;
    }
  }
  const withShare = (r: PartyReport) => ({ ...r, share: r.reviewed ? r.meets / r.reviewed : null });
  return {
    parties: [...byParty.values()].sort((a, b) => a.party.localeCompare(b.party)).map(withShare),
    total: withShare(total),
  };
}

/** A share as the report shows it: whole percents, or a dash when nothing was reviewed. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

/**
 * The report's two tables, the same in the page and the PDF: the outcome per party (drawn,
 * reviewed, meets, fails, share) and the points that fell short per party; each a header and one
 * row per party, the total last.
 */
export function reportTables(
  report: { parties: PartyReport[]; total: PartyReport },
  partyName: (code: string) => string,
): Record<'outcome' | 'shortfalls', { header: string[]; rows: string[][]; total: string[] }> {
  const outcome = (r: PartyReport, name: string) => [
    name,
    String(r.drawn),
    String(r.reviewed),
    String(r.meets),
    String(r.fails),
    percent(r.share),
  ];
  const shortfalls = (r: PartyReport, name: string) => [name, ...SAMPLE_CRITERIA.map((c) => String(r.failedPerCriterion[c]))];
  const table = (cells: (r: PartyReport, name: string) => string[], header: string[]) => ({
    header,
    rows: report.parties.map((r) => cells(r, partyName(r.party))),
    total: cells(report.total, 'Totaal'),
  });
  return {
    outcome: table(outcome, ['Partij', 'Getrokken', 'Beoordeeld', 'Voldoet', 'Voldoet niet', 'Voldoet (%)']),
    shortfalls: table(shortfalls, ['Partij', ...SAMPLE_CRITERIA.map((c) => CRITERION_LABELS[c])]),
  };
}
