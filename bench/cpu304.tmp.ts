// Temporary: server CPU µs per request for bare /hello, bare 304 and the real 304 (robust to a busy machine).
import { join } from 'node:path';
import { startApiServer } from './api-server.ts';
import { prepareDatabase } from './database.ts';
import { runLoad } from './load.ts';
import { cpuMeter, startServerProcess } from './processes.ts';
const ROOT = join(import.meta.dirname, '..');
const db = await prepareDatabase(join(ROOT, 'data', 'bench.sqlite'), 100_000, () => {});
const api = await startApiServer({ name: 'api', where: { file: db.file }, logLevel: (process.env.LVL as 'warn') ?? 'warn', onLine: () => true });
const requests: Buffer[] = [];
for (const number of db.numbers.slice(0, 2000)) {
  const res = await fetch(`http://127.0.0.1:${api.port}/api/v1/aanvragen/${number}`, { headers: { authorization: `Bearer ${db.key}` } });
  await res.arrayBuffer();
  requests.push(Buffer.from(`GET /api/v1/aanvragen/${number} HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\nAuthorization: Bearer ${db.key}\r\nIf-None-Match: ${res.headers.get('etag')}\r\n\r\n`, 'latin1'));
}
const bare = await startServerProcess({ name: 'bare', script: join(import.meta.dirname, 'bare304.tmp.ts'), readyPath: '/hello', env: {} });
const hello = Buffer.from(`GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\n\r\n`, 'latin1');
const notmod = Buffer.from(`GET /notmod HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\nAuthorization: Bearer ${db.key}\r\nIf-None-Match: "abcdefghijklmnop"\r\n\r\n`, 'latin1');
const one = async (label: string, server: typeof api, next: () => { bytes: Buffer }) => {
  const meter = cpuMeter(server);
  const r = await runLoad({ port: server.port, connections: 32, warmupMs: 0, durationMs: Number(process.env.DUR ?? 4000), next, alsoOk: 304 });
  const m = meter();
  const perReq = (m.serverCpu * m.wall * 1e6) / (r.ok || 1);
  console.log(`${label.padEnd(8)} ${String(Math.round(r.perSecond)).padStart(6)}/s  server ${Math.round(m.serverCpu * 100)}%  ${perReq.toFixed(1)} µs CPU/request  failed ${[...r.failed]}`);
  return perReq;
};
for (let i = 0; i < Number(process.env.ROUNDS ?? 2); i++) {
  await one('hello', bare, () => ({ bytes: hello }));
  await one('bare304', bare, () => ({ bytes: notmod }));
  await one('real304', api, () => ({ bytes: requests[Math.floor(Math.random() * requests.length)] as Buffer }));
}
await api.stop();
await bare.stop();
