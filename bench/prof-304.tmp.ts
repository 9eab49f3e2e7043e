// Temporary (not committed): profile the conditional look-up path alone.
import { join } from 'node:path';
import { startApiServer } from './api-server.ts';
import { prepareDatabase } from './database.ts';
import { runLoad } from './load.ts';
import { startServerProcess } from './processes.ts';
import { formatTop, topSelfTime } from './profile.ts';

const ROOT = join(import.meta.dirname, '..');
const db = await prepareDatabase(join(ROOT, 'data', 'bench.sqlite'), 100_000, (l) => console.error(l));
const prof = process.argv.includes('--prof');
const name = `api-${Date.now()}.cpuprofile`;
const api = await startApiServer({
  name: 'api',
  where: { file: db.file },
  nodeArgs: prof ? ['--cpu-prof', '--cpu-prof-dir=/work/prof', `--cpu-prof-name=${name}`] : [],
});
const requests: Buffer[] = [];
for (const number of db.numbers.slice(0, 2000)) {
  const res = await fetch(`http://127.0.0.1:${api.port}/api/v1/aanvragen/${number}`, { headers: { authorization: `Bearer ${db.key}` } });
  await res.arrayBuffer();
  const etag = res.headers.get('etag');
  requests.push(Buffer.from(`GET /api/v1/aanvragen/${number} HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\nAuthorization: Bearer ${db.key}\r\nIf-None-Match: ${etag}\r\n\r\n`, 'latin1'));
}
const bare = await startServerProcess({ name: 'bare', script: join(import.meta.dirname, 'bare-server.ts'), readyPath: '/hello', env: {} });
const hello = Buffer.from(`GET /hello HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\n\r\n`, 'latin1');
const run = (port: number, next: () => { bytes: Buffer }, alsoOk?: number) =>
  runLoad({ port, connections: 32, warmupMs: 2000, durationMs: Number(process.env.DUR ?? 8000), next, alsoOk });
const h1 = await run(bare.port, () => ({ bytes: hello }));
const c = await run(api.port, () => ({ bytes: requests[Math.floor(Math.random() * requests.length)] as Buffer }), 304);
const h2 = await run(bare.port, () => ({ bytes: hello }));
console.log(`hello ${Math.round(h1.perSecond)} / ${Math.round(h2.perSecond)}; 304 ${Math.round(c.perSecond)} (failed ${[...c.failed]}); ratio ${(c.perSecond / ((h1.perSecond + h2.perSecond) / 2)).toFixed(3)}`);
await api.stop();
await bare.stop();
if (prof) console.log(formatTop(topSelfTime(join('/work/prof', name), 30)));
