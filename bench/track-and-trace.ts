/**
 * The track & trace page under load: customers with a session each (made directly in the
 * database, as the tests do), asking for their own page over and over. The server's own time per
 * request comes from its request log (one JSON line per request with `ms`), so queueing in the
 * client does not count: "server time", as the goal asks.
 */
import { createSession } from '../api/auth/sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import type { PreparedRequest } from './load.ts';

export type Customer = { number: string; cookie: string };

/** Sessions for `count` customers with random aanvragen (each customer one aanvraag). */
export async function customersFor(database: string, numbers: string[], count: number): Promise<Customer[]> {
  const store = openSqliteStore(database);
  const customers: Customer[] = [];
  try {
    while (customers.length < count) {
      const number = numbers[Math.floor(Math.random() * numbers.length)] as string;
      const email = (await store.requestState(number))?.applicant?.email;
      if (!email) continue;
      const { token } = await createSession(store.access, email);
      customers.push({ number, cookie: `traject_sessie=${token}` });
    }
  } finally {
    await store.close();
  }
  return customers;
}

/** Connection c asks for the page of customer c. */
export function pageRequests(port: number, customers: Customer[]) {
  const prepared = customers.map(({ number, cookie }) =>
    Buffer.from(`GET /volg/${number} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n\r\n`, 'latin1'),
  );
  return (connection: number): PreparedRequest => ({ bytes: prepared[connection % prepared.length] as Buffer });
}
