/**
 * For trying the staff pages without an authenticator app: prints the code an app would show now,
 * for the key the second-factor page shows while enrolling, or for an enrolled account in the
 * LOCAL database (with the local key file). Usage: npm run totp -- <sleutel | e-mailadres>
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { secretBoxFor } from '../api/auth/secret-box.ts';
import { currentTotp } from '../api/auth/totp.ts';
import { loadConfig } from '../api/config.ts';
import { describeDatabase, openStore } from '../api/core/open-store.ts';

const email = process.argv[2]?.trim();
if (!email) {
  console.error('Gebruik: npm run totp -- <sleutel van de pagina | e-mailadres van een medewerker>');
  process.exit(2);
}
if (!email.includes('@')) {
  console.log(currentTotp(decodeBase32IgnorePadding(email.replace(/\s+/g, '').toUpperCase())));
  process.exit(0);
}
const config = loadConfig();
const store = await openStore(config);
const member = await store.staff.byEmail(email);
await store.close();
if (!member?.totpKey) {
  console.error(
    member
      ? `${email} heeft nog geen authenticator gekoppeld: open eerst de tweede stap in de browser.`
      : `Geen medewerker ${email} in ${describeDatabase(config)}.`,
  );
  process.exit(1);
}
const box = secretBoxFor(config);
console.log(currentTotp(box.open(member.totpKey)));
