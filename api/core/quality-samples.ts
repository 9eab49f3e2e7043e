/**
 * Quality samples (docs/decisions/0040-steekproeven.md): drawing one over the contact moments an
 * organisation may see (the store's scope rule) with the seeded selection of
 * domain/quality-samples.ts, and reading it back with what the record, the outbox and the norm
 * say about each moment, and the report per party.
 */
import { randomBytes } from 'node:crypto';
import type { Content } from '../../domain/content.ts';
import {
  type ConfirmationMail,
  confirmationMail,
  type NormFinding,
  normFinding,
  periodInstants,
  type SampleCriterion,
  type SampleVerdict,
  sampleReport,
  seededSample,
  standardFindings,
} from '../../domain/quality-samples.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { Scope } from '../../domain/staff.ts';
import type { QualitySample, QualitySampleItem, QualitySampleStore } from '../storage/store.ts';

export type DrawRequest = { from: string; to: string; size: number; seed?: string | undefined };

/** A seed of 8 letters and digits when the member gives none: shown on the sample, so it can be drawn again. */
export const newSeed = () => randomBytes(5).toString('hex');

/** Draws and records a sample of the contact moments in the period on aanvragen in `scope`. */
export async function drawQualitySample(
  samples: QualitySampleStore,
  scope: Scope,
  organisation: string,
  request: DrawRequest,
  drawnBy: string,
): Promise<QualitySample> {
  const seed = request.seed || newSeed();
  const period = periodInstants(request.from, request.to);
  const candidates = await samples.candidates(scope, period.from, period.before);
  const drawn = seededSample(candidates, request.size, seed);
  return samples.create(organisation, { from: request.from, to: request.to, size: request.size, seed, drawnBy }, drawn);
}

export type ReviewedItem = QualitySampleItem & {
  mail: ConfirmationMail;
  norm: NormFinding;
  findings: Record<SampleCriterion, boolean | null>;
};

export type SampleReview = {
  sample: QualitySample;
  items: ReviewedItem[];
  report: ReturnType<typeof sampleReport>;
};

/** The organisation's sample with each moment checked against the standard, and the report per party. */
export async function reviewQualitySample(
  samples: QualitySampleStore,
  requestState: (number: string) => Promise<RequestState | undefined>,
  content: Content,
  organisation: string,
  id: number,
  now = new Date(),
): Promise<SampleReview | undefined> {
  const found = await samples.sample(organisation, id);
  if (!found) return undefined;
  const states = new Map<string, RequestState | undefined>();
  for (const number of new Set(found.items.map((i) => i.requestNumber))) states.set(number, await requestState(number));
  const items = found.items.map((item): ReviewedItem => {
    const mail = confirmationMail(item.mailStatus, item.moment.at, now);
    const state = states.get(item.requestNumber);
    const norm: NormFinding = state ? normFinding(item.moment, state, content) : { finding: 'geen-norm' };
    return { ...item, mail, norm, findings: standardFindings(item.moment, mail, norm) };
  });
  const report = sampleReport(
    items.map((i) => ({
      party: i.moment.organisation,
      verdict: i.verdict as SampleVerdict | null,
      failed: i.failed as SampleCriterion[],
    })),
  );
  return { sample: found.sample, items, report };
}
