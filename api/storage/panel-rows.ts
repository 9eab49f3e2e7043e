/**
 * Klantenpanels (CustomerPanelStore) between records and rows, for both databases: the columns a
 * panel is read with (its invitees counted per state) and the mappings back. One place for
 * api/storage/sqlite/customer-panels.ts and api/storage/postgres/customer-panels.ts.
 */
import { type Column, eq, inArray, type SQL, sql, type Table } from 'drizzle-orm';
import { type ApplicantAnswer, INVITATION_STATES, type InvitationState } from '../../domain/klantenpanels.ts';
import type { Lang } from '../../domain/language.ts';
import { SATISFACTION } from '../../domain/satisfaction.ts';
import { type AnswerValue, PANEL_SURVEY } from '../../domain/survey-schema.ts';
import type { DirectoryIds } from './scope-sql.ts';
import type { CustomerPanel, NewCustomerPanel, PanelInvitation, PanelSummary } from './store.ts';

type PanelTable = Table &
  Record<
    | 'id'
    | 'combiId'
    | 'organisationId'
    | 'title'
    | 'startsAt'
    | 'place'
    | 'capacity'
    | 'deadline'
    | 'partners'
    | 'createdBy'
    | 'createdAt'
    | 'questionnaireSentAt'
    | 'summaryText'
    | 'summaryFileName'
    | 'summaryFileType'
    | 'summarySharedAt',
    Column
  >;

const PANEL_COLUMNS = [
  'id',
  'combiId',
  'organisationId',
  'title',
  'startsAt',
  'place',
  'capacity',
  'deadline',
  'partners',
  'createdBy',
  'createdAt',
  'questionnaireSentAt',
  'summaryText',
  'summaryFileName',
  'summaryFileType',
  'summarySharedAt',
] as const;

/** A panel's columns (not its file), with its invitees counted per state. */
export function panelColumns<P extends PanelTable>(p: P, i: Table & Record<'panelId' | 'state', Column>) {
  const count = (state: InvitationState) =>
    sql<number>`(select count(*) from ${i} where ${eq(i.panelId, p.id)} and ${eq(i.state, state)})`.mapWith(Number);
  const columns = Object.fromEntries(PANEL_COLUMNS.map((k) => [k, p[k]])) as Pick<P, (typeof PANEL_COLUMNS)[number]>;
  return {
    ...columns,
    uitgenodigd: count('uitgenodigd'),
    aangemeld: count('aangemeld'),
    wachtlijst: count('wachtlijst'),
    afgemeld: count('afgemeld'),
  };
}

type PanelRow = {
  id: number;
  combiId: number;
  organisationId: number;
  title: string;
  startsAt: string;
  place: string;
  capacity: number;
  deadline: string;
  partners: unknown;
  createdBy: string;
  createdAt: string;
  questionnaireSentAt: string | null;
  summaryText: string | null;
  summaryFileName: string | null;
  summaryFileType: string | null;
  summarySharedAt: string | null;
} & Record<InvitationState, number>;

export function panelOf(row: PanelRow, ids: DirectoryIds): CustomerPanel {
  return {
    id: row.id,
    combi: ids.combiCode(row.combiId) ?? String(row.combiId),
    organisation: ids.organisationCode(row.organisationId) ?? String(row.organisationId),
    title: row.title,
    startsAt: new Date(row.startsAt).toISOString(),
    place: row.place,
    capacity: row.capacity,
    deadline: row.deadline,
    partners: Array.isArray(row.partners) ? (row.partners as string[]) : [],
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt),
    questionnaireSentAt: row.questionnaireSentAt ? new Date(row.questionnaireSentAt) : null,
    summary:
      row.summaryText !== null && row.summarySharedAt
        ? {
            text: row.summaryText,
            fileName: row.summaryFileName,
            fileType: row.summaryFileType,
            sharedAt: new Date(row.summarySharedAt),
          }
        : null,
    counts: Object.fromEntries(INVITATION_STATES.map((s) => [s, row[s]])) as Record<InvitationState, number>,
  };
}

/** The row of a new panel; undefined when its combi or organisation is unknown. */
export function newPanelRow(panel: NewCustomerPanel, ids: DirectoryIds) {
  const combiId = ids.combiId(panel.combi);
  const organisationId = ids.organisationId(panel.organisation);
  if (combiId === undefined || organisationId === undefined) return undefined;
  const { combi: _c, organisation: _o, startsAt, ...rest } = panel;
  return { ...rest, combiId, organisationId, startsAt: new Date(startsAt).toISOString() };
}

type InvitationRow = {
  id: string;
  panelId: number;
  applicantKey: string;
  name: string;
  email: string;
  lang: string;
  secretHash: string;
  state: string;
  invitedAt: string;
  registeredAt: string | null;
  cancelledAt: string | null;
};

export function invitationOf(row: InvitationRow): PanelInvitation {
  return {
    ...row,
    lang: row.lang as Lang,
    state: row.state as InvitationState,
    invitedAt: new Date(row.invitedAt),
    registeredAt: row.registeredAt && new Date(row.registeredAt).toISOString(),
    cancelledAt: row.cancelledAt ? new Date(row.cancelledAt) : null,
  };
}

/** The summary's columns as written; the file replaced or removed with the text. */
export function summaryColumns(summary: PanelSummary, at: Date) {
  return {
    summaryText: summary.text,
    summaryFileName: summary.file?.name ?? null,
    summaryFileType: summary.file?.type ?? null,
    summaryFile: summary.file?.base64 ?? null,
    summarySharedAt: at.toISOString(),
  };
}

/** The questions the list's scores read (domain/satisfaction.ts SATISFACTION). */
export const scoreQuestions = (a: Table & Record<'question', Column>): SQL =>
  inArray(a.question, [SATISFACTION.ktv.question, SATISFACTION.effort.question]);

/** Only numbers are scale answers; a choice or text under the same id is not a score. */
export function scoreAnswersOf(
  rows: readonly { requestNumber: string | null; survey: string; question: string; value: unknown }[],
): ApplicantAnswer[] {
  return rows.flatMap((row) =>
    row.requestNumber && typeof row.value === 'number'
      ? [{ requestNumber: row.requestNumber, survey: row.survey, question: row.question, value: row.value }]
      : [],
  );
}

/** The questionnaire's completed responses of a panel's invitees (their invitation is the response's). */
export function questionnaireCondition(
  s: Table & Record<'survey' | 'invitationId' | 'completedAt', Column>,
  i: Table & Record<'id' | 'panelId', Column>,
  panelId: number,
): SQL {
  return sql`${eq(s.survey, PANEL_SURVEY)} and ${s.completedAt} is not null and ${s.invitationId} in (select ${i.id} from ${i} where ${eq(i.panelId, panelId)})`;
}

/** Answer rows as one record per response, in the order the responses came. */
export function answersPerResponse(rows: readonly { responseId: string; question: string; value: unknown }[]) {
  const out = new Map<string, Record<string, AnswerValue>>();
  for (const row of rows) out.set(row.responseId, { ...out.get(row.responseId), [row.question]: row.value as AnswerValue });
  return [...out.values()];
}
