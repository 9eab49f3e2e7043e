import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger.ts';
import { logRequest } from './request-log.ts';

/** An app whose one route logs its request with `status`, through a logger at `level`. */
async function linesAt(level: LogLevel, status: number): Promise<string[]> {
  const written: string[] = [];
  const log = createLogger(level, (text) => written.push(text));
  const app = new Hono().get('/api/v1/aanvragen/:nummer', (c) => {
    logRequest(log, c, status, performance.now(), 'netbeheer-zuid');
    return c.body(null, 204);
  });
  await app.request('/api/v1/aanvragen/MA-2026-0000001');
  return written;
}

describe('a request line', () => {
  it('is written at info, with the path and the organisation', async () => {
    const [line] = await linesAt('info', 304);
    expect(JSON.parse(line as string)).toMatchObject({
      level: 'info',
      msg: 'request',
      path: '/api/v1/aanvragen/MA-2026-0000001',
      status: 304,
      org: 'netbeheer-zuid',
    });
  });

  it('is not written (nor built) when the logger drops info, but a 5xx still is, as an error', async () => {
    expect(await linesAt('warn', 304)).toEqual([]);
    const [line] = await linesAt('warn', 503);
    expect(JSON.parse(line as string)).toMatchObject({ level: 'error', status: 503 });
    expect(createLogger('warn').drops?.('info')).toBe(true);
    expect(createLogger('info').drops?.('info')).toBe(false);
  });
});
