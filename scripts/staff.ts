/**
 * npm run staff -- list [--organisation <code>]
 * npm run staff -- add --organisation <code> --email <address> --name "<naam>" [--role admin|planner|viewer]
 *
 * For operators: the first admin of an organisation (after that, its admins manage their own
 * staff at /beheer/organisatie), and a look at who has access. The member signs in at /beheer
 * with a mailed code and sets up an authenticator app the first time.
 */
import { z } from 'zod';
import { loadConfig } from '../api/config.ts';
import { openStore, whereFrom } from '../api/core/open-store.ts';
import { ROLE_LABELS, STAFF_ROLES } from '../domain/staff.ts';
import { commandLine } from './command-line.ts';

const { values, positionals } = commandLine(
  `Gebruik: npm run staff -- add --organisation <code> --email <adres> --name <naam> [--role ${STAFF_ROLES.join('|')}]
       npm run staff -- list [--organisation <code>]
Voegt een medewerker toe (de eerste beheerder van een organisatie) of toont wie toegang heeft.`,
  {
    allowPositionals: true,
    options: {
      organisation: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      database: { type: 'string' },
    },
  },
);
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const store = await openStore(whereFrom(loadConfig(), values.database));
try {
  const command = positionals[0] ?? 'list';
  if (command === 'add') {
    const input = z
      .object({
        organisation: z.string({ error: '--organisation is verplicht' }).min(1),
        email: z.email({ error: '--email moet een e-mailadres zijn' }).max(254),
        name: z.string({ error: '--name is verplicht' }).trim().min(1).max(120),
        role: z.enum(STAFF_ROLES, { error: `--role moet ${STAFF_ROLES.join(', ')} zijn` }),
      })
      .safeParse(values);
    const { organisation, email, name, role } = input.success
      ? input.data
      : fail(input.error.issues.map((i) => i.message).join('\n'));
    if (!store.organisation(organisation))
      fail(`Onbekende organisatie ${organisation}. Bekend: ${store.organisationCodes().join(', ')}`);
    if (await store.staff.byEmail(email)) fail(`Er is al een medewerker met ${email}.`);
    const member = await store.staff.add({ organisation, email, name, role });
    console.log(
      `${member.name} <${member.email}> is ${ROLE_LABELS[member.role].toLowerCase()} bij ${organisation}. Inloggen: /beheer`,
    );
  } else if (command === 'list') {
    const codes = values.organisation ? [values.organisation] : store.organisationCodes();
    for (const code of codes) {
      for (const m of await store.staff.ofOrganisation(code)) {
        console.log(
          [
            code,
            m.email,
            m.name,
            ROLE_LABELS[m.role],
            m.totpKey ? 'app gekoppeld' : 'app nog niet gekoppeld',
            m.disabledAt ? 'uitgeschakeld' : '',
          ]
            .filter(Boolean)
            .join('  ·  '),
        );
      }
    }
  } else {
    fail(`Onbekende opdracht ${command}: gebruik "list" of "add"`);
  }
} finally {
  await store.close();
}
