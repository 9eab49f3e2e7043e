/**
 * The shape of the status of an aanvraag, as the API returns it. `requestStatus` is typed by this
 * schema, so the OpenAPI document and the code cannot drift apart.
 */
import { z } from 'zod';
import { PHASES, ROLES, STEP_IDS } from './content-schema.ts';
import { CONTACT_MOMENTS, DAY_PARTS, DISCIPLINES, MESSAGE_TYPES, REQUEST_KINDS, STAGNATION_CAUSES } from './messages.ts';

const instant = z.string().meta({ description: 'Tijdstip (ISO 8601).' });
const date = z.string().meta({ description: 'Datum (JJJJ-MM-DD).' });
const organisation = z.object({ code: z.string(), name: z.string() }).meta({ id: 'OrganisationRef' });

export const WORK_ORDER_STATUS_IDS = [
  'ingediend',
  'quickscan',
  'offerte_verstuurd',
  'offerte_geaccepteerd',
  'offerte_afgewezen',
  'mee_in_combi',
  'ingepland',
  'gereed',
  'geannuleerd',
] as const;

export const openStepSchema = z
  .object({
    step: z.enum(STEP_IDS),
    contactMoment: z.string().optional(),
    who: z.object({ role: z.enum(ROLES), organisation: z.string().optional(), name: z.string().optional() }),
    text: z.string().meta({ description: 'De stap in één zin voor de klant.' }),
    dueDate: date.optional(),
    dueKind: z.enum(['afspraak', 'norm', 'geen']).meta({
      description: 'afspraak: met de klant afgesproken datum (vast); norm: uiterste datum volgens de norm; geen: geen datum.',
    }),
    normWorkingDays: z.number().int().optional(),
    overdue: z.boolean().meta({ description: 'De uiterste datum is verstreken.' }),
    workOrderIds: z.array(z.string()),
  })
  .meta({ id: 'OpenStep' });
export type OpenStep = z.infer<typeof openStepSchema>;

const dayPart = z.enum(DAY_PARTS);

export const requestStatusSchema = z
  .object({
    requestNumber: z.string(),
    kind: z.enum(REQUEST_KINDS).optional(),
    combi: z.string().optional(),
    submittedAt: instant.optional(),
    cancelled: z.object({ at: instant, reason: z.string().optional() }).nullable(),
    deliveredAt: instant.nullable(),
    phase: z.object({
      current: z.enum(PHASES),
      name: z.string(),
      phases: z.array(z.object({ id: z.enum(PHASES), name: z.string(), state: z.enum(['done', 'current', 'todo']) })),
    }),
    disciplines: z.array(
      z.object({
        workOrderId: z.string(),
        discipline: z.enum(DISCIPLINES),
        status: z.enum(WORK_ORDER_STATUS_IDS),
        statusText: z.string(),
        phase: z.enum(PHASES),
        gridOperator: organisation,
        contractor: organisation.nullable(),
        quote: z
          .object({
            sentAt: instant.optional(),
            amountCents: z.number().int().optional(),
            validUntil: date.optional(),
            decision: z.enum(['accepted', 'rejected']).optional(),
            decidedAt: instant.optional(),
            reason: z.string().optional(),
          })
          .nullable(),
        completedAt: instant.nullable(),
      }),
    ),
    planning: z.object({
      wishDate: z.object({ date, precision: z.literal('wens') }).nullable(),
      provisionalWeek: z.object({ week: z.string(), from: date, to: date, precision: z.literal('indicatief') }).nullable(),
      confirmedStart: z.object({ date, part: dayPart, precision: z.literal('vast') }).nullable(),
      inspection: z
        .object({
          date,
          part: dayPart,
          doneAt: instant.optional(),
          approved: z.boolean().optional(),
          precision: z.literal('vast'),
        })
        .nullable(),
      history: z.array(
        z.object({
          field: z.enum(['wishDate', 'provisionalWeek', 'confirmedStart', 'inspection']),
          value: z.string(),
          previous: z.string().optional(),
          by: organisation,
          staffName: z.string().optional(),
          at: instant,
          reason: z.string(),
        }),
      ),
    }),
    legalTerm: z
      .object({
        weeks: z.number().int(),
        until: date,
        customerDate: date.optional().meta({
          description: 'Een latere datum waarom de klant vroeg (wensdatum) of waarmee de klant instemde; die telt dan.',
        }),
        overrun: z
          .object({
            plannedStart: date.optional().meta({ description: 'De geplande start, als die na de termijn ligt.' }),
            expectedStart: date.optional(),
            passed: z.boolean().meta({ description: 'De termijn is verstreken en de aansluiting is niet opgeleverd.' }),
          })
          .nullable()
          .meta({
            description: 'Overschrijding van de termijn; null als er geen is (of de aanvraag is opgeleverd of geannuleerd).',
          }),
      })
      .nullable()
      .meta({ description: 'Wettelijke uiterste termijn voor elektriciteit (Netcode art. 8.11), vanaf de aanvraag.' }),
    contactPerson: z
      .object({
        organisation: z.string(),
        name: z.string(),
        role: z.enum(['aannemer', 'netbeheerder']),
        phone: z.string().nullable(),
        reachable: z.string().nullable(),
      })
      .nullable(),
    stagnation: z.object({ cause: z.enum(STAGNATION_CAUSES), reason: z.string(), since: instant }).nullable(),
    nextStep: openStepSchema.nullable(),
    openSteps: z.array(openStepSchema),
    contactMoments: z.array(
      z.object({
        messageId: z.string(),
        code: z.enum(CONTACT_MOMENTS),
        channel: z.string(),
        at: instant,
        organisation,
        staffName: z.string(),
        spokeWith: z.string(),
        subject: z.string(),
        summary: z.string(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: instant,
        type: z.enum(MESSAGE_TYPES as [string, ...string[]]),
        by: organisation,
        actor: z
          .enum(['klant', 'afzender'])
          .meta({ description: 'Wie het deed: de klant (indienen, offerte accepteren of afwijzen) of de afzender (by).' }),
        workOrderId: z.string().optional(),
        text: z.string().optional(),
      }),
    ),
    messageCount: z.number().int(),
    lastUpdate: instant.nullable(),
  })
  .meta({ id: 'RequestStatus' });
export type RequestStatus = z.infer<typeof requestStatusSchema>;
