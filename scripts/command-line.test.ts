/** Every npm run script with options answers --help, and a typing mistake with its usage, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPTS = ['seed', 'migrate', 'retention', 'staff'];
const run = (script: string, arg: string) =>
  spawnSync(process.execPath, [join(import.meta.dirname, `${script}.ts`), arg], { encoding: 'utf8', timeout: 60_000 });

describe.each(SCRIPTS)('npm run %s', (script) => {
  it('prints how it is used for --help and exits 0', () => {
    const result = run(script, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Gebruik: npm run ${script}`);
  });
  it('names an unknown option, shows the usage, exits 2, no stack trace', () => {
    const result = run(script, '--onzin');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'--onzin'");
    expect(result.stderr).toContain(`Gebruik: npm run ${script}`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
