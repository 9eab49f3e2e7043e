/** Klantenpanels in SQLite: SQL only (api/storage/panel-rows.ts maps the rows). */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
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
import type { SqliteOutbox } from './outbox.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { customerPanels: p, panelInvitations: i, requests: r, surveyResponses: s, surveyAnswers: a } = schema;

export class SqliteCustomerPanels implements CustomerPanelStore {
  readonly #db: Db;
  readonly #ids: DirectoryIds;
  readonly #outbox: SqliteOutbox;

  constructor(db: Db, ids: DirectoryIds, outbox: SqliteOutbox) {
    this.#db = db;
    this.#ids = ids;
    this.#outbox = outbox;
  }

  async applicants(scope: Scope, combi: string, since: string) {
    // submittedAt is kept as the message sent it, with its own offset: compare instants.
    const where = and(
      eq(r.combiId, this.#ids.combiId(combi) ?? -1),
      sql`julianday(${r.submittedAt}) >= julianday(${since})`,
      scopeCondition(scope, this.#ids, schema),
    );
    const aanvragen = this.#db
      .select({
        number: r.number,
        submittedAt: sql<string>`${r.submittedAt}`,
        name: r.applicantName,
        email: r.applicantEmail,
        kvk: sql<string | null>`json_extract(${r.state}, '$.applicant.kvk')`,
      })
      .from(r)
      .where(where)
      .all()
      .map((row) => ({ ...row, combi }));
    const answers = this.#db
      .select({ requestNumber: s.requestNumber, survey: s.survey, question: a.question, value: a.value })
      .from(a)
      .innerJoin(s, eq(s.id, a.responseId))
      .innerJoin(r, eq(r.number, s.requestNumber))
      .where(and(where, scoreQuestions(a)))
      .all();
    return { aanvragen, answers: scoreAnswersOf(answers) };
  }

  async create(panel: NewCustomerPanel): Promise<CustomerPanel> {
    const row = newPanelRow(panel, this.#ids);
    if (!row) throw new Error(`unknown combi ${panel.combi} or organisation ${panel.organisation}`);
    const { id } = this.#db.insert(p).values(row).returning({ id: p.id }).get();
    return (await this.panel(id)) as CustomerPanel;
  }

  async list(): Promise<CustomerPanel[]> {
    return this.#db
      .select(panelColumns(p, i))
      .from(p)
      .orderBy(desc(p.startsAt), desc(p.id))
      .all()
      .map((row) => panelOf(row, this.#ids));
  }

  async panel(id: number): Promise<CustomerPanel | undefined> {
    const row = this.#db.select(panelColumns(p, i)).from(p).where(eq(p.id, id)).get();
    return row && panelOf(row, this.#ids);
  }

  #invitations(panelId: number): PanelInvitation[] {
    return this.#db.select().from(i).where(eq(i.panelId, panelId)).orderBy(asc(i.invitedAt), asc(i.id)).all().map(invitationOf);
  }

  async invitations(panelId: number): Promise<PanelInvitation[]> {
    return this.#invitations(panelId);
  }

  async invite(
    panelId: number,
    invitees: readonly { invitation: NewPanelInvitation; mail: NewOutboxMail }[],
    at: Date,
  ): Promise<number> {
    return this.#db.transaction((tx) => {
      let added = 0;
      for (const { invitation, mail } of invitees) {
        const row = tx
          .insert(i)
          .values({ ...invitation, panelId, state: 'uitgenodigd', invitedAt: at.toISOString() })
          .onConflictDoNothing()
          .returning({ id: i.id })
          .get();
        if (!row) continue;
        this.#outbox.enqueueSync(mail, at);
        added++;
      }
      return added;
    });
  }

  async invitation(id: string): Promise<PanelInvitation | undefined> {
    const row = this.#db.select().from(i).where(eq(i.id, id)).get();
    return row && invitationOf(row);
  }

  async register(invitationId: string, at: Date) {
    // One writer at a time in SQLite: the count and the update cannot interleave with another registration.
    return this.#db.transaction((tx) => {
      const invitation = tx.select().from(i).where(eq(i.id, invitationId)).get();
      const panel = invitation && tx.select().from(p).where(eq(p.id, invitation.panelId)).get();
      if (!invitation || !panel) return undefined;
      const registered = tx
        .select({ n: sql<number>`count(*)` })
        .from(i)
        .where(and(eq(i.panelId, panel.id), eq(i.state, 'aangemeld')))
        .get();
      const outcome = registrationOutcome(panel, invitation.state, registered?.n ?? 0, at);
      if (outcome === 'aangemeld' || outcome === 'wachtlijst')
        tx.update(i)
          .set({ state: outcome, registeredAt: at.toISOString(), cancelledAt: null })
          .where(eq(i.id, invitationId))
          .run();
      return outcome;
    });
  }

  async cancel(invitationId: string, at: Date, mailFor: (promoted: PanelInvitation) => NewOutboxMail) {
    return this.#db.transaction((tx) => {
      const invitation = tx.select().from(i).where(eq(i.id, invitationId)).get();
      if (!invitation || (invitation.state !== 'aangemeld' && invitation.state !== 'wachtlijst')) return { cancelled: false };
      tx.update(i).set({ state: 'afgemeld', cancelledAt: at.toISOString() }).where(eq(i.id, invitationId)).run();
      if (invitation.state !== 'aangemeld') return { cancelled: true };
      const waiting = tx
        .select()
        .from(i)
        .where(and(eq(i.panelId, invitation.panelId), eq(i.state, 'wachtlijst')))
        .all()
        .map(invitationOf);
      const next = nextFromWaitingList(waiting);
      if (!next) return { cancelled: true };
      tx.update(i).set({ state: 'aangemeld' }).where(eq(i.id, next.id)).run();
      const promoted = { ...next, state: 'aangemeld' as const };
      this.#outbox.enqueueSync(mailFor(promoted), at);
      return { cancelled: true, promoted };
    });
  }

  async questionnaireSent(panelId: number, mails: readonly NewOutboxMail[], at: Date): Promise<boolean> {
    return this.#db.transaction((tx) => {
      const changed = tx
        .update(p)
        .set({ questionnaireSentAt: at.toISOString() })
        .where(and(eq(p.id, panelId), isNull(p.questionnaireSentAt)))
        .run();
      if (changed.changes === 0) return false;
      for (const mail of mails) this.#outbox.enqueueSync(mail, at);
      return true;
    });
  }

  async shareSummary(panelId: number, summary: PanelSummary, at: Date): Promise<void> {
    this.#db.update(p).set(summaryColumns(summary, at)).where(eq(p.id, panelId)).run();
  }

  async questionnaireAnswers(panelId: number) {
    const rows = this.#db
      .select({ responseId: a.responseId, question: a.question, value: a.value })
      .from(a)
      .innerJoin(s, eq(s.id, a.responseId))
      .where(questionnaireCondition(s, i, panelId))
      .orderBy(asc(s.completedAt), asc(s.id))
      .all();
    return answersPerResponse(rows);
  }

  async summaryFile(panelId: number) {
    const row = this.#db
      .select({ name: p.summaryFileName, type: p.summaryFileType, base64: p.summaryFile })
      .from(p)
      .where(eq(p.id, panelId))
      .get();
    return row?.name && row.type && row.base64 ? { name: row.name, type: row.type, base64: row.base64 } : undefined;
  }
}
