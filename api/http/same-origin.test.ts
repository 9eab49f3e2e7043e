import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing.ts';
import type { LogLine } from './logger.ts';

let server: TestServer;
const lines: LogLine[] = [];

beforeAll(async () => {
  server = await startTestServer({}, (line) => lines.push(line));
});
afterAll(() => server.close());

const signIn = (headers: Record<string, string>) =>
  fetch(`${server.url}/beheer/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email: 'iemand@example.com' }),
  });

describe('the CSRF check (Sec-Fetch-Site, else Origin)', () => {
  it('answers 403, not a crash, to an Origin that is no URL or not ours, and logs no error', async () => {
    const { host } = new URL(server.url);
    for (const origin of ['null', 'xyz', `http://${host}.evil.example`, 'http://[::1', `http://${host}@evil.example`]) {
      const res = await signIn({ origin });
      expect(res.status, origin).toBe(403);
      expect((await res.json()).title, origin).toContain('alleen vanaf Traject zelf');
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('lets the own origin through when the browser sends no Sec-Fetch-Site', async () => {
    const res = await signIn({ origin: server.url });
    expect(res.status).toBe(303);
  });
});
