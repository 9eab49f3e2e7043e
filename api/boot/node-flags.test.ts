import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

const ROOT = join(import.meta.dirname, '..', '..');

it('npm start and the README fleet commands run the server with the server flags', () => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  for (const flag of SERVER_NODE_FLAGS) expect(start).toContain(flag);
  const serverLines = readFileSync(join(ROOT, 'README.md'), 'utf8')
    .split('\n')
    .filter((line) => /\bnode\b.*api\/main\.ts/.test(line));
  expect(serverLines.length).toBeGreaterThan(0);
  for (const line of serverLines) for (const flag of SERVER_NODE_FLAGS) expect(line).toContain(flag);
});
