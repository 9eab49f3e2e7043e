/**
 * The impact of a norm change (npm run normwijziging, /beheer/normwijziging): the norms the
 * running portal recorded at start against the norms in content/ on disk, over every aanvraag
 * that is not cancelled. It only reads (docs/decisions/0035-norm-impact.md).
 */
import type { Content } from '../../domain/content.ts';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import { type NormImpact, type Norms, normImpactCounter, normsOf, withNorms } from '../../domain/norm-impact.ts';
import { statusVersion } from '../../domain/status-version.ts';
import type { NormImpactStorage, RecordedNorms } from '../storage/contract.ts';

export type NormImpactReport = {
  inUse: RecordedNorms | undefined;
  /** The status version of the content on disk: equal to inUse.version when nothing changed. */
  onDiskVersion: string;
  /** Undefined when no portal recorded its norms (then there is nothing to compare with). */
  impact: NormImpact | undefined;
};

/** What a server process records at start: its content's version and norms. */
export function normsToRecord(content: Content): { version: string; norms: Norms } {
  return { version: statusVersion(content), norms: normsOf(content) };
}

export async function normImpactReport(
  storage: NormImpactStorage,
  onDisk: Content,
  organisations: OrganisationLookup,
  now: Date,
  sampleSize?: number,
): Promise<NormImpactReport> {
  const inUse = await storage.inUse();
  const onDiskVersion = statusVersion(onDisk);
  if (!inUse) return { inUse, onDiskVersion, impact: undefined };
  // The texts on disk with the norms in use: only the working days move a due date.
  const counter = normImpactCounter(withNorms(onDisk, inUse.norms), onDisk, organisations, now, sampleSize);
  await storage.openStates((states) => {
    for (const state of states) counter.add(state);
  });
  return { inUse, onDiskVersion, impact: counter.result() };
}

const DAY = new Intl.DateTimeFormat('nl-NL', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
/** "di 5 mei 2026": a due date for staff, its weekday showing the weekends and holidays in between. */
export const dueDay = (date: string | undefined) => (date ? DAY.format(new Date(`${date}T12:00:00Z`)) : 'geen datum');

const STARTED = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/** A norm as staff read it: "10 werkdagen", or "geen norm". */
export const normWords = (days: number | undefined) =>
  days === undefined ? 'geen norm' : `${days} ${days === 1 ? 'werkdag' : 'werkdagen'}`;

/** The report as plain text, for the command and for npm test on a change of content/stappen.yaml. */
export function normImpactText(report: NormImpactReport): string {
  const { inUse, impact } = report;
  if (!inUse || !impact)
    return 'Geen normen in gebruik bekend: de portal heeft bij zijn start nog geen normen vastgelegd in deze database (start hem eenmaal met deze versie).';
  const nl = (n: number) => n.toLocaleString('nl-NL');
  const since = STARTED.format(new Date(inUse.startedAt));
  const lines = [`Normen in gebruik sinds ${since} (versie ${inUse.version}), vergeleken met content/ op schijf.`];
  if (impact.changes.length === 0) {
    lines.push('Geen norm gewijzigd: geen enkele uiterste datum verschuift.');
    return lines.join('\n');
  }
  lines.push('Gewijzigde normen:');
  for (const c of impact.changes) lines.push(`  - ${c.step}: ${normWords(c.inUse)} → ${normWords(c.onDisk)}`);
  lines.push(`${nl(impact.affected)} van ${nl(impact.aanvragen)} lopende aanvragen krijgen een andere uiterste datum.`);
  for (const o of impact.organisations) {
    lines.push(
      '',
      `${o.name}${o.organisation ? ` (${o.organisation})` : ''}: ${nl(o.earlier)} eerder, ${nl(o.later)} later, ` +
        `${nl(o.newlyOverdue)} nu opeens te laat, ${nl(o.noLongerOverdue)} niet meer te laat (van ${nl(o.normSteps)} open stappen met een norm)`,
    );
    for (const s of o.sample)
      lines.push(`  ${s.number} ${s.step}: ${dueDay(s.dueInUse)} → ${dueDay(s.dueOnDisk)}${s.newlyOverdue ? ' (te laat)' : ''}`);
  }
  return lines.join('\n');
}
