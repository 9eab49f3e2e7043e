/**
 * A content editor changes a text without git (decision 0036), in Chromium at 1280 and 375 px
 * with axe on every state: a change the content check refuses comes back with its message and
 * what was typed, and nothing is written; a valid one becomes a branch in the (temporary) content
 * checkout and is listed as an open proposal.
 */
import { execFileSync } from 'node:child_process';
import { type BrowserContext, expect, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { e2eContentRepo, e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const git = (...args: string[]) => execFileSync('git', args, { cwd: e2eContentRepo(), encoding: 'utf8' }).trim();

async function signInAsEditor(context: BrowserContext, baseURL: string) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, {
      organisation: 'traject',
      email: 'redactie@traject.example',
      name: 'Rik Redactie',
      role: 'planner',
    });
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

for (const width of [1280, 375]) {
  test(`an editor proposes a change to a FAQ answer at ${width} px: refused with the check's message, then saved as a branch`, async ({
    page,
    context,
    baseURL,
  }) => {
    test.slow();
    await page.setViewportSize({ width, height: 900 });
    await signInAsEditor(context, baseURL as string);
    const main = git('rev-parse', 'main');
    const branches = () =>
      git('for-each-ref', '--format=%(refname:short)', 'refs/heads/tekstvoorstel/').split('\n').filter(Boolean);
    const before = branches();

    await page.goto('/beheer/teksten');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Teksten van de site');
    await expect(page.getByRole('link', { name: 'Teksten' })).toHaveAttribute('aria-current', 'page');
    await noAxeViolations(page);
    await page.getByRole('link', { name: 'Wat als ik de offerte niet op tijd goedkeur?' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Veelgestelde vragen: Wat als ik de offerte niet op tijd goedkeur?',
    );
    await noAxeViolations(page);

    // A norm typed into an answer: the build would refuse it, so the page does, with the build's message.
    const answer = page.getByRole('textbox', { name: 'Antwoord', exact: true });
    await answer.fill(`Keur de offerte binnen 10 werkdagen goed (${width} px).`);
    await page.getByRole('button', { name: 'Voorstel bewaren' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('content/vragen/kosten.yaml klopt niet');
    await expect(alert).toContainText('noemt een aantal werkdagen');
    await expect(answer).toHaveValue(`Keur de offerte binnen 10 werkdagen goed (${width} px).`);
    await noAxeViolations(page);
    await page.screenshot({ path: `test-results/teksten-fout-${width}.png`, fullPage: true });
    expect(branches()).toEqual(before);

    // Fixed: saved as a proposal on a branch of its own; main and the checkout stay as they were.
    const fixed = `Keur de offerte dus zo snel mogelijk goed (${width} px).`;
    await answer.fill(fixed);
    await page.getByRole('button', { name: 'Voorstel bewaren' }).click();
    await expect(page).toHaveURL(/\/beheer\/teksten\?gelukt=/);
    await expect(page.getByRole('status')).toContainText('Uw voorstel is bewaard als tekstvoorstel/rik-redactie/vragen-kosten-');
    const made = branches().filter((b) => !before.includes(b));
    expect(made).toHaveLength(1);
    const branch = made[0] as string;
    expect(git('rev-parse', 'main')).toBe(main);
    expect(git('status', '--porcelain')).toBe('');
    expect(git('diff', '--name-only', 'main', branch)).toBe('content/vragen/kosten.yaml');
    expect(git('show', `${branch}:content/vragen/kosten.yaml`)).toContain(`    antwoord: >-\n      ${fixed}`);
    expect(git('log', '-1', '--format=%an <%ae>', branch)).toBe('Rik Redactie <redactie@traject.example>');

    // Listed as open, with the change to look at.
    const item = page.getByRole('listitem').filter({ hasText: branch });
    await expect(item).toContainText('Tekstvoorstel: Wat als ik de offerte niet op tijd goedkeur?');
    await item.getByText('Wijziging bekijken').click();
    await expect(item.locator('.proposal-diff')).toContainText(`+      ${fixed}`);
    await noAxeViolations(page);
    await page.screenshot({ path: `test-results/teksten-voorstellen-${width}.png`, fullPage: true });
  });
}

test('a proposal posted from another site is refused by the CSRF check and writes nothing', async ({ context, baseURL }) => {
  await signInAsEditor(context, baseURL as string);
  const before = git('for-each-ref', 'refs/heads/tekstvoorstel/');
  const form = await context.request.get('/beheer/teksten/bewerken?bestand=begrippen.yaml&item=0');
  const version = /name="versie" value="([0-9a-f]{8})"/.exec(await form.text())?.[1] ?? '';
  expect(version).toMatch(/^[0-9a-f]{8}$/);
  const res = await context.request.post('/beheer/teksten/bewerken', {
    headers: { 'sec-fetch-site': 'cross-site' },
    form: { bestand: 'begrippen.yaml', item: '0', versie: version, term: 'Aanvraag van elders' },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  expect(await res.text()).toContain('alleen vanaf Traject zelf');
  expect(git('for-each-ref', 'refs/heads/tekstvoorstel/')).toBe(before);
});
