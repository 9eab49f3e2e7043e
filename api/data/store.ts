/**
 * The one data module's contract. Everything above it (routes, jobs, scripts) talks to a Store;
 * all SQL lives in its implementations. SQLite is the embedded default; a PostgreSQL store can
 * implement the same interface (docs/decisions/0002-sqlite-behind-a-store.md).
 */
import type { Directory, OrgKind } from '../../domain/authorization.ts';
import type { Message } from '../../domain/messages.ts';
import type { Organisation } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';

export type MessageResult = {
  id: string;
  /** HTTP-like status of this one message: 201 applied, 200 already applied before, 4xx refused. */
  status: 200 | 201 | 400 | 403 | 404 | 409 | 422;
  result: 'accepted' | 'duplicate' | 'rejected';
  errors?: { field?: string; message: string }[];
};

export type IngestEntry = { sender: OrganisationRecord; message: Message };

export type OrganisationRecord = Organisation & { id: number; kind: OrgKind; email: string | null };

export type NewOrganisation = { code: string; name: string; kind: OrgKind; phone?: string; email?: string };
export type NewCombi = {
  code: string;
  name: string;
  area: string;
  capoActive: boolean;
  organisation?: string;
  members: string[];
};

/** Directory look-ups (organisations, combis) are synchronous: every store keeps them in memory. */
export interface Store extends Directory {
  /** Applies validated messages, each atomically and in one transaction per call; one result per message. */
  ingest(entries: IngestEntry[], receivedAt?: Date): Promise<MessageResult[]>;
  /** The folded state of an aanvraag, or undefined when it is unknown. */
  requestState(number: string): Promise<RequestState | undefined>;
  organisation(code: string): OrganisationRecord | undefined;
  /** The organisation that owns an active API key with this SHA-256 hash. */
  organisationByKeyHash(hash: string): Promise<OrganisationRecord | undefined>;
  addOrganisation(org: NewOrganisation): Promise<OrganisationRecord>;
  addCombi(combi: NewCombi): Promise<void>;
  addApiKey(organisation: string, hash: string, prefix: string, label: string): Promise<void>;
  counts(): Promise<{ requests: number; messages: number; organisations: number }>;
  /** Some aanvraagnummers, for demos and benchmarks. */
  sampleRequestNumbers(limit: number, offset?: number): Promise<string[]>;
  /** A cheap query that proves the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
