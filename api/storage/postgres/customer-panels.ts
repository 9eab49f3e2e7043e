/** Klantenpanels in PostgreSQL: SQL only (api/storage/panel-rows.ts maps the rows). */
import { and, asc, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { nextFromWaitingList, registrationOutcome } from '../../../domain/klantenpanels.ts';
import type { Scope } from '../../../domain/staff.ts';
import {
  answersPerResponse,
  invitationOf,
  newPanelRow,
  panelColumns,
  panelOf,
  questionnaireCondition,
  scoreAnswersOf,
  scoreQuestions,
  summaryColumns,
} from '../panel-rows.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import type {
  CustomerPanel,
  CustomerPanelStore,
  NewCustomerPanel,
  NewOutboxMail,
  NewPanelInvitation,
  PanelInvitation,
  PanelSummary,
} from '../store.ts';
import type { PgDb, PgTx } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import * as schema from './schema.ts';

const { customerPanels: p, panelInvitations: i, requests: r, surveyResponses: s, surveyAnswers: a } = schema;

export class PgCustomerPanels implements CustomerPanelStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async applicants(scope: Scope, combi: string, since: string) {
    const where = and(
      eq(r.combiId, this.#ids.combiId(combi) ?? -1),
      gte(r.submittedAt, new Date(since).toISOString()),
      scopeCondition(scope, this.#ids, schema),
    );
    const rows = await this.#db
      .select({
        number: r.number,
        submittedAt: r.submittedAt,
        name: r.applicantName,
        email: r.applicantEmail,
        kvk: sql<string | null>`${r.state}->'applicant'->>'kvk'`,
      })
      .from(r)
      .where(where);
    const answers = await this.#db
      .select({ requestNumber: s.requestNumber, survey: s.survey, question: a.question, value: a.value })
      .from(a)
      .innerJoin(s, eq(s.id, a.responseId))
      .innerJoin(r, eq(r.number, s.requestNumber))
      .where(and(where, scoreQuestions(a)));
    return {
      aanvragen: rows.map((row) => ({ ...row, submittedAt: row.submittedAt ?? '', combi })),
      answers: scoreAnswersOf(answers),
    };
  }

  async create(panel: NewCustomerPanel): Promise<CustomerPanel> {
    const row = newPanelRow(panel, this.#ids);
    if (!row) throw new Error(`unknown combi ${panel.combi} or organisation ${panel.organisation}`);
    const [added] = await this.#db.insert(p).values(row).returning({ id: p.id });
    if (!added) throw new Error('panel not inserted');
    return (await this.panel(added.id)) as CustomerPanel;
  }

  async list(): Promise<CustomerPanel[]> {
    const rows = await this.#db.select(panelColumns(p, i)).from(p).orderBy(desc(p.startsAt), desc(p.id));
    return rows.map((row) => panelOf(row, this.#ids));
  }

  async panel(id: number): Promise<CustomerPanel | undefined> {
    const [row] = await this.#db.select(panelColumns(p, i)).from(p).where(eq(p.id, id));
    return row && panelOf(row, this.#ids);
  }

  async invitations(panelId: number): Promise<PanelInvitation[]> {
    const rows = await this.#db.select().from(i).where(eq(i.panelId, panelId)).orderBy(asc(i.invitedAt), asc(i.id));
    return rows.map(invitationOf);
  }

  async invite(
    panelId: number,
    invitees: readonly { invitation: NewPanelInvitation; mail: NewOutboxMail }[],
    at: Date,
  ): Promise<number> {
    return this.#db.transaction(async (tx) => {
      const mails: NewOutboxMail[] = [];
      for (const { invitation, mail } of invitees) {
        const [row] = await tx
          .insert(i)
          .values({ ...invitation, panelId, state: 'uitgenodigd', invitedAt: at.toISOString() })
          .onConflictDoNothing()
          .returning({ id: i.id });
        if (row) mails.push(mail);
      }
      await insertOutboxMails(tx, mails, at);
      return mails.length;
    });
  }

  async invitation(id: string): Promise<PanelInvitation | undefined> {
    const [row] = await this.#db.select().from(i).where(eq(i.id, id));
    return row && invitationOf(row);
  }

  /** The invitation and its panel, the panel's row locked: registrations and cancellations of one panel take turns. */
  async #locked(tx: PgTx, invitationId: string) {
    const [invitation] = await tx.select().from(i).where(eq(i.id, invitationId));
    if (!invitation) return undefined;
    const [panel] = await tx.select().from(p).where(eq(p.id, invitation.panelId)).for('update');
    // Read again under the lock: a concurrent change of this invitation is now committed.
    const [fresh] = await tx.select().from(i).where(eq(i.id, invitationId));
    return panel && fresh && { invitation: fresh, panel };
  }

  async register(invitationId: string, at: Date) {
    return this.#db.transaction(async (tx) => {
      const found = await this.#locked(tx, invitationId);
      if (!found) return undefined;
      const [registered] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(i)
        .where(and(eq(i.panelId, found.panel.id), eq(i.state, 'aangemeld')));
      const outcome = registrationOutcome(found.panel, found.invitation.state, registered?.n ?? 0, at);
      if (outcome === 'aangemeld' || outcome === 'wachtlijst')
        await tx
          .update(i)
          .set({ state: outcome, registeredAt: at.toISOString(), cancelledAt: null })
          .where(eq(i.id, invitationId));
      return outcome;
    });
  }

  async cancel(invitationId: string, at: Date, mailFor: (promoted: PanelInvitation) => NewOutboxMail) {
    return this.#db.transaction(async (tx) => {
      const found = await this.#locked(tx, invitationId);
      const state = found?.invitation.state;
      if (!found || (state !== 'aangemeld' && state !== 'wachtlijst')) return { cancelled: false };
      await tx.update(i).set({ state: 'afgemeld', cancelledAt: at.toISOString() }).where(eq(i.id, invitationId));
      if (state !== 'aangemeld') return { cancelled: true };
      const waiting = await tx
        .select()
        .from(i)
        .where(and(eq(i.panelId, found.panel.id), eq(i.state, 'wachtlijst')));
      const next = nextFromWaitingList(waiting.map(invitationOf));
      if (!next) return { cancelled: true };
      await tx.update(i).set({ state: 'aangemeld' }).where(eq(i.id, next.id));
      const promoted = { ...next, state: 'aangemeld' as const };
      await insertOutboxMails(tx, [mailFor(promoted)], at);
      return { cancelled: true, promoted };
    });
  }

  async questionnaireSent(panelId: number, mails: readonly NewOutboxMail[], at: Date): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const changed = await tx
        .update(p)
        .set({ questionnaireSentAt: at.toISOString() })
        .where(and(eq(p.id, panelId), isNull(p.questionnaireSentAt)))
        .returning({ id: p.id });
      if (changed.length === 0) return false;
      await insertOutboxMails(tx, mails, at);
      return true;
    });
  }

  async shareSummary(panelId: number, summary: PanelSummary, at: Date): Promise<void> {
    await this.#db.update(p).set(summaryColumns(summary, at)).where(eq(p.id, panelId));
  }

  async questionnaireAnswers(panelId: number) {
    const rows = await this.#db
      .select({ responseId: a.responseId, question: a.question, value: a.value })
      .from(a)
      .innerJoin(s, eq(s.id, a.responseId))
      .where(questionnaireCondition(s, i, panelId))
      .orderBy(asc(s.completedAt), asc(s.id));
    return answersPerResponse(rows);
  }

  async summaryFile(panelId: number) {
    const [row] = await this.#db
      .select({ name: p.summaryFileName, type: p.summaryFileType, base64: p.summaryFile })
      .from(p)
      .where(eq(p.id, panelId));
    return row?.name && row.type && row.base64 ? { name: row.name, type: row.type, base64: row.base64 } : undefined;
  }
}
