/**
 * npm start: builds the site when needed, opens the database (migrations run on open), fills it
 * with demo data on the first run, and starts the one server. Prints where everything is.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cannotStart, orCannotStart } from '../api/boot/cannot-start.ts';
import { loadConfig } from '../api/config.ts';
import { describeDatabase, openStore } from '../api/core/open-store.ts';
import { createLogger } from '../api/http/logger.ts';
import { startFakeResend } from '../api/mail/fake-resend.ts';
import { startFakeSms } from '../api/mail/fake-sms.ts';
import { startServer, stopOnSignals } from '../api/server.ts';
import { DEMO_STAFF } from '../demo/directory.ts';
import { progressBar } from '../demo/progress.ts';
import { seedDirectory, seedRequests, seedStaff } from '../demo/seed.ts';
import { requestPhase } from '../domain/status.ts';
import { buildOrExit } from './build-site.ts';

const config = orCannotStart(loadConfig);
const demoCount = Number(process.env.DEMO_REQUESTS ?? 600);
const keysFile = join(dirname(config.DATABASE_FILE), 'demo-keys.json');

buildOrExit();

// First run: the demo world. Its API keys are kept beside the local database so they can be shown
// again; their folder is made first, so the run cannot stop half-way on it (with a database of
// PostgreSQL, DATABASE_FILE's folder may not exist yet).
const store = await openStore(config).catch(cannotStart);
if ((await store.counts()).organisations === 0) {
  console.error(`Demodata aanmaken in ${describeDatabase(config)}…`);
  const keys = await seedDirectory(store);
  mkdirSync(dirname(keysFile), { recursive: true });
  writeFileSync(keysFile, `${JSON.stringify(Object.fromEntries(keys), null, 2)}\n`, { mode: 0o600 });
  await seedRequests(store, { count: demoCount, onProgress: progressBar('aanvragen', demoCount) });
}
await seedStaff(store);
const examples = new Map<string, string>();
let signIn = '';
for (const number of await store.sampleRequestNumbers(300)) {
  const state = await store.requestState(number);
  if (state && !state.cancelledAt && !examples.has(requestPhase(state))) examples.set(requestPhase(state), number);
  if (!signIn && state?.address && requestPhase(state) === 'voorbereiden') {
    signIn = `${number}, postcode ${state.address.postcode}, huisnummer ${state.address.houseNumber}`;
  }
}
await store.close();

/** A local fake whose port is taken (another npm start still running?): which setting moves it. */
const portInUse = (setting: string) => (error: Error) =>
  cannotStart(new Error(`${error.message} (een andere poort: ${setting}=…)`));

// Without a Resend key, mails go to a local fake Resend server that shows them on a page.
const fake = config.RESEND_API_KEY
  ? undefined
  : await startFakeResend(Number(process.env.FAKE_RESEND_PORT ?? 4322)).catch(portInUse('FAKE_RESEND_PORT'));
const log = createLogger(config.LOG_LEVEL);
// Likewise SMS without an SMS provider: a local fake that shows them on a page.
const fakeSms = config.SMS_API_URL
  ? undefined
  : await startFakeSms(Number(process.env.FAKE_SMS_PORT ?? 4323)).catch(portInUse('FAKE_SMS_PORT'));
const running = await startServer(
  {
    ...config,
    ...(fake && { RESEND_API_KEY: 're_local_fake', RESEND_BASE_URL: fake.url }),
    ...(fakeSms && { SMS_API_URL: fakeSms.url, SMS_API_KEY: 'sms_local_fake' }),
  },
  log,
);
stopOnSignals(running, log);

const keys: Record<string, string> = existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')) : {};
const key = keys['netbeheer-zuid'];
const example = examples.get('voorbereiden') ?? [...examples.values()][0];
console.error(`
Traject draait op ${running.url}
  Site:           ${running.url}/
  Volgen:         ${running.url}/volg  (${signIn ? `demo: ${signIn}; de inlogcode staat bij de verstuurde mails` : 'geen demo-aanvraag in de fase voorbereiden gevonden'})
  Beheer:         ${running.url}/beheer  (demo: ${DEMO_STAFF[1]?.email}; inlogcode bij de verstuurde mails, dan een authenticator-app koppelen; zonder app: npm run totp -- <de sleutel onder de QR-code>)
  API-referentie: ${running.url}/api/v1/docs${fake ? `\n  Verstuurde mails (lokaal, nep-Resend): ${fake.url}/` : ''}${fakeSms ? `\n  Verstuurde SMS (lokaal, nep-aanbieder): ${fakeSms.url}/` : ''}
  Demo-aanvragen: ${[...examples].map(([phase, number]) => `${number} (${phase})`).join(', ')}
${
  key
    ? `  Demo API-sleutel van Netbeheer Zuid (alleen lokaal, ook in ${keysFile}):
    ${key}
  Probeer:
    curl -s -H "Authorization: Bearer ${key}" ${running.url}/api/v1/aanvragen/${example}`
    : `  Geen demo API-sleutel: ${keysFile} ontbreekt (Traject bewaart alleen een hash van een sleutel).
  Maak er een in ${running.url}/beheer/organisatie (API-sleutels), of begin met een lege database.`
}
Stoppen: Ctrl+C
`);
