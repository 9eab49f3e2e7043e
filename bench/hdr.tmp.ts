import { join } from 'node:path';
import { runLoad } from './load.ts';
import { cpuMeter, startServerProcess } from './processes.ts';
const bare = await startServerProcess({ name: 'bare', script: join(import.meta.dirname, 'bare304.tmp.ts'), readyPath: '/hello', env: {} });
const req = (p: string, extra = '') => Buffer.from(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${bare.port}\r\n${extra}\r\n`, 'latin1');
const auth = 'Authorization: Bearer trj_abcdefghijklmnopqrstuvwxyzabcdefghij\r\nIf-None-Match: "abcdefghijklmnop"\r\n';
for (let round = 0; round < 3; round++)
for (const [label, bytes] of [['hello', req('/hello')], ['notmod', req('/notmod', auth)], ['lean', req('/notmodlean', auth)], ['small', req('/notmodsmall', auth)]] as const) {
  const meter = cpuMeter(bare);
  const r = await runLoad({ port: bare.port, connections: 32, warmupMs: 300, durationMs: 3000, next: () => ({ bytes }), alsoOk: 304 });
  const m = meter();
  console.log(`${label.padEnd(8)} ${String(Math.round(r.perSecond)).padStart(6)}/s  server ${Math.round(m.serverCpu * 100)}%  ${((m.serverCpu * m.wall * 1e6) / r.ok).toFixed(1)} µs`);
}
await bare.stop();
