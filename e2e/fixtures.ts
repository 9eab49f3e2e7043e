/** What the browser tests share with their server (e2e/server.ts). */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { type BrowserContext, expect, type Page } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import type { StaffRole } from '../domain/staff.ts';

/** WCAG 2.1 AA by axe: the violations, each with where it is, must be none. */
export async function noAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

export const E2E_RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? 4398);
// Per port, so two runs side by side (a developer's and a helper's) do not share keys.
const E2E_PORT = process.env.E2E_PORT ?? process.env.PORT ?? '4399';
export const E2E_KEYS_FILE = join(tmpdir(), `traject-e2e-keys-${E2E_PORT}.json`);
export const RESEND = `http://127.0.0.1:${E2E_RESEND_PORT}`;

export function apiKey(organisation: string): string {
  const keys = JSON.parse(readFileSync(E2E_KEYS_FILE, 'utf8')) as Record<string, string>;
  const key = keys[organisation];
  if (!key) throw new Error(`no demo key for ${organisation}`);
  return key;
}

type Mail = { subject: string; to: string[]; text?: string };

/** The newest mail to an address whose subject starts with `subject`, waiting for it to arrive. */
export async function mailTo(address: string, subject: string, after = 0): Promise<Mail> {
  for (let i = 0; i < 50; i++) {
    const { data } = (await (await fetch(`${RESEND}/emails`)).json()) as { data: Mail[] };
    const mail = data.slice(after).findLast((m) => m.to.includes(address) && m.subject.startsWith(subject));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail "${subject}" to ${address}`);
}

export async function mailCount(): Promise<number> {
  const { data } = (await (await fetch(`${RESEND}/emails`)).json()) as { data: unknown[] };
  return data.length;
}

const PORT = process.env.E2E_PORT ?? '4399';

/** The e2e server's database file (e2e/server.ts writes its path beside the keys). */
export function e2eDatabaseFile(): string {
  return readFileSync(join(tmpdir(), `traject-e2e-db-${PORT}.txt`), 'utf8');
}

/** The e2e server's temporary git checkout of content/, where text proposals become branches. */
export function e2eContentRepo(): string {
  return readFileSync(join(tmpdir(), `traject-e2e-content-${PORT}.txt`), 'utf8');
}

/** The first step as a person does it: the work address, then the code from the mail. */
export async function mailCodeStep(page: Page, email: string) {
  const before = await mailCount();
  await page.goto('/beheer');
  await expect(page).toHaveURL(/\/beheer\/inloggen$/);
  await page.getByLabel('E-mailadres van uw werk').fill(email);
  await page.getByRole('button', { name: 'Stuur mij een inlogcode' }).click();
  const mail = await mailTo(email, 'Uw inlogcode', before);
  const code = /\b(\d{8})\b/.exec(mail.text ?? '')?.[1] ?? '';
  await page.getByLabel(/Inlogcode/).fill(code);
  await page.getByRole('button', { name: 'Verder' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tweede stap: uw authenticator-app');
}

/** Signs in as a demo staff member the first time: mail code, then the page offers the app's key. */
export async function signIn(page: Page, email: string) {
  await mailCodeStep(page, email);
  // First sign-in: the page shows the key, as a QR code and as text; an app would scan it.
  const secret = (await page.locator('[data-totp-secret]').textContent()) ?? '';
  return { secret, key: decodeBase32IgnorePadding(secret) };
}

/** ISO days and weeks, and ids no Dutch sentence has (mee-in-combi, op_locatie), or a bare channel or day part in brackets. */
const RAW_TEXT =
  /\d{4}-\d{2}-\d{2}|\d{4}-W\d{2}|\b(mee-in-combi|offerte-beslissen|offerte-afgewezen|stagnatie-(klant|netbeheerder|derde)|elektra|op_locatie|nieuwe_aansluiting|wijziging_(met|zonder)_graafwerk)\b|\((telefoon|email|video|sms|portaal|dag|ochtend|middag)\)/;
/** Ids of steps, roles, parties and staff roles: a cell that says only one of them shows the id, not a word. */
const RAW_CELL = new Set([
  'intake',
  'offerte',
  'plangesprek',
  'startdatum',
  'schouw',
  'uitvoering',
  'opleverbevestiging',
  'klant',
  'netbeheerder',
  'aannemer',
  'derde',
  'portaal',
  'viewer',
  'planner',
  'admin',
  'gas',
  'water',
  'telecom',
]);

/** The raw ids and ISO dates in a staff page's tables, facts and notices; none expected. */
export async function rawBits(page: Page): Promise<string[]> {
  const text = (await page.locator('main table, main dl, main .lead, main .next-step, main .notice').allInnerTexts()).join('\n');
  const cells = (await page.locator('main td, main th, main dd').allInnerTexts()).map((c) => c.trim());
  return [
    ...(text.match(new RegExp(RAW_TEXT, 'g')) ?? []),
    ...cells.filter((c) => RAW_CELL.has(c) || /^(B|C|[1-4][ab]?) · /.test(c)),
  ];
}

/** Signs the browser in as a new staff member of `organisation`, both factors passed, made directly in the e2e database. */
export async function staffSignedIn(
  context: BrowserContext,
  baseURL: string | undefined,
  member: { organisation: string; role: StaffRole; name?: string },
) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, member);
    const url = new URL(baseURL as string);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}
