/**
 * Helpdesk contacts as both databases store them (api/storage/sqlite/helpdesk.ts,
 * api/storage/postgres/helpdesk.ts): a record to the table's values and a row back to a record.
 */

import type { HelpdeskContactRow } from './contract.ts';
import type { DirectoryIds } from './scope-sql.ts';
import type { HelpdeskContactRecord } from './store.ts';

type Stored = Omit<HelpdeskContactRow, 'organisation' | 'createdAt' | 'expiresAt'> & {
  organisationId: number;
  createdAt: string;
  expiresAt: string | null;
};

/** The values of a new row; an organisation the directory does not know is a programming error. */
export function helpdeskValues(row: HelpdeskContactRow, ids: DirectoryIds): Stored {
  const { organisation, createdAt, expiresAt, ...rest } = row;
  const organisationId = ids.organisationId(organisation);
  if (organisationId === undefined) throw new Error(`unknown organisation ${organisation}`);
  return { ...rest, organisationId, createdAt: createdAt.toISOString(), expiresAt: expiresAt?.toISOString() ?? null };
}

export function helpdeskRecord(row: Stored & { usedAt: string | null }, ids: DirectoryIds): HelpdeskContactRecord {
  return {
    id: row.id,
    organisation: ids.organisationCode(row.organisationId) ?? String(row.organisationId),
    contactId: row.contactId,
    // An instant in UTC on both databases (SQLite keeps the offset as sent, PostgreSQL none).
    occurredAt: new Date(row.occurredAt).toISOString(),
    requestNumber: row.requestNumber,
    account: row.account,
    phone: row.phone,
    route: row.route,
    channel: row.channel,
    recipient: row.recipient,
    reason: row.reason,
    secretHash: row.secretHash,
    createdAt: new Date(row.createdAt),
    expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
    usedAt: row.usedAt ? new Date(row.usedAt) : null,
  };
}
