/**
 * The mails to customers, in Dutch, as HTML and plain text. Every mail carries the personal link
 * to the track & trace page and a one-click unsubscribe link. All values are escaped.
 */
import type { KcmMail } from '../../domain/kcm-mails.ts';
import { formatDutchDate } from '../../domain/next-step.ts';
import type { ContactMoment, RequestState } from '../../domain/request-state.ts';

/** The contact-moment mails (domain/kcm-mails.ts) and the sign-in code. */
export type MailKind = KcmMail | 'inlogcode';

export type Mail = { subject: string; html: string; text: string };

export type MailContext = {
  state: RequestState;
  organisationName: (code: string) => string;
  links: { follow: string; unsubscribe: string };
  /** The next step in one sentence, if there is one. */
  nextStep?: string;
  /** The mail's main button, when it is not "Bekijk aanvraag" (the survey link of the eindmeting). */
  action?: { label: string; href: string; note: string };
};

const DISCIPLINE_NAMES = { elektra: 'elektriciteit', gas: 'gas', water: 'water', telecom: 'telecom' } as const;
const DAY_PARTS = { dag: 'de hele dag', ochtend: 'ochtend', middag: 'middag' } as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const timeFormat = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
const dateOfInstant = new Intl.DateTimeFormat('nl-NL', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Amsterdam',
});

function address(state: RequestState): string {
  const a = state.address;
  return a
    ? `${a.street} ${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}, ${a.postcode} ${a.city}`
    : '';
}

function disciplines(state: RequestState): string {
  return state.workOrders
    .filter((w) => !w.cancelledAt)
    .map((w) => DISCIPLINE_NAMES[w.discipline])
    .join(', ');
}

type Block = { heading?: string; paragraphs?: string[]; rows?: [string, string][] };

/** Lays out a mail from blocks: the same words in HTML and in plain text. */
function layout(subject: string, greeting: string, blocks: Block[], ctx: MailContext): Mail {
  const number = ctx.state.number;
  const action = ctx.action ?? {
    label: `Bekijk aanvraag ${number}`,
    href: ctx.links.follow,
    note: 'Deze link is persoonlijk: stuur hem niet door. Hij werkt één keer en 30 dagen lang; daarna logt u in met uw aanvraagnummer, postcode en huisnummer.',
  };
  const html = [
    '<!doctype html><html lang="nl"><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430;background:#ffffff">',
    '<div style="max-width:600px;margin:0 auto">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map((b) =>
      [
        b.heading ? `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(b.heading)}</h2>` : '',
        ...(b.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`),
        b.rows
          ? `<table role="presentation" style="border-collapse:collapse">${b.rows
              .map(
                ([k, v]) =>
                  `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
              )
              .join('')}</table>`
          : '',
      ].join(''),
    ),
    `<p style="margin:32px 0"><a href="${escapeHtml(action.href)}" style="background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(action.note)}</p>`,
    `<p style="font-size:14px;color:#4a5566">Wilt u deze berichten niet meer ontvangen? <a href="${escapeHtml(ctx.links.unsubscribe)}" style="color:#0b5cad">Afmelden</a>.</p>`,
    '</div></body></html>',
  ].join('');

  const text = [
    greeting,
    '',
    ...blocks.flatMap((b) => [
      ...(b.heading ? [b.heading.toUpperCase()] : []),
      ...(b.paragraphs ?? []),
      ...(b.rows ?? []).map(([k, v]) => `${k}: ${v}`),
      '',
    ]),
    `${action.label}: ${action.href}`,
    action.note,
    '',
    `Afmelden: ${ctx.links.unsubscribe}`,
  ].join('\n');
  return { subject, html, text };
}

function greeting(state: RequestState): string {
  return `Beste ${state.applicant?.name ?? 'aanvrager'},`;
}

function nextStepBlock(ctx: MailContext): Block[] {
  return ctx.nextStep ? [{ heading: 'Wat gebeurt er nu?', paragraphs: [ctx.nextStep] }] : [];
}

/** KCM A: the confirmation right after submitting. */
export function requestConfirmation(ctx: MailContext): Mail {
  const { state } = ctx;
  return layout(
    `Wij hebben uw aanvraag ${state.number} ontvangen`,
    greeting(state),
    [
      { paragraphs: ['Wij hebben uw aanvraag ontvangen. Hieronder staat wat u heeft aangevraagd en wat er nu gebeurt.'] },
      {
        rows: [
          ['Aanvraagnummer', state.number],
          ['Adres', address(state)],
          ['Aansluitingen', disciplines(state)],
        ],
      },
      ...nextStepBlock(ctx),
      {
        paragraphs: [
          'Daarna geeft de netbeheerder de opdracht aan de aannemer. De aannemer belt u om de planning door te spreken en is vanaf dan uw vaste contactpersoon.',
        ],
      },
    ],
    ctx,
  );
}

/** Every logged contact moment, confirmed in the standard form of the customer contact process. */
export function contactConfirmation(ctx: MailContext, contact: ContactMoment): Mail {
  const at = new Date(contact.at);
  return layout(
    `Bevestiging van ons contact over aanvraag ${ctx.state.number}`,
    greeting(ctx.state),
    [
      { paragraphs: ['Hierbij bevestigen wij ons contact met u.'] },
      {
        rows: [
          ['Datum', dateOfInstant.format(at)],
          ['Tijd', timeFormat.format(at)],
          ['Medewerker', `${contact.staffName} (${ctx.organisationName(contact.organisation)})`],
          ['Gesproken met', contact.spokeWith],
          ['Onderwerp', contact.subject],
        ],
      },
      { heading: 'Wat we hebben besproken', paragraphs: [contact.summary] },
      ...nextStepBlock(ctx),
    ],
    ctx,
  );
}

/** The planning as it now stands, after a change, with the reason. */
export function planningChange(ctx: MailContext): Mail {
  const { planning } = ctx.state;
  const last = planning.history.at(-1);
  const rows: [string, string][] = [];
  if (planning.confirmedStart) {
    rows.push([
      'Startdatum (vast)',
      `${formatDutchDate(planning.confirmedStart.date)}, ${DAY_PARTS[planning.confirmedStart.part]}`,
    ]);
  }
  if (planning.provisionalWeek && !planning.confirmedStart) {
    rows.push([
      'Voorlopige uitvoerweek',
      `week ${Number(planning.provisionalWeek.slice(6))} van ${planning.provisionalWeek.slice(0, 4)} (nog niet vast)`,
    ]);
  }
  if (planning.inspection && !planning.inspection.doneAt) {
    rows.push(['Schouw', `${formatDutchDate(planning.inspection.date)}, ${DAY_PARTS[planning.inspection.part]}`]);
  }
  if (planning.wishDate) rows.push(['Uw wensdatum', formatDutchDate(planning.wishDate)]);
  return layout(
    `De planning van aanvraag ${ctx.state.number} is gewijzigd`,
    greeting(ctx.state),
    [
      { paragraphs: ['De planning van uw aanvraag is gewijzigd. Zo staat hij nu:'] },
      { rows },
      ...(last ? [{ heading: 'Waarom', paragraphs: [`${last.reason} (${ctx.organisationName(last.by)})`] }] : []),
      ...nextStepBlock(ctx),
    ],
    ctx,
  );
}

/** KCM C: everything is done. */
export function deliveryConfirmation(ctx: MailContext): Mail {
  return layout(
    `Uw aansluiting is opgeleverd (aanvraag ${ctx.state.number})`,
    greeting(ctx.state),
    [
      { paragraphs: [`Alle werkzaamheden voor uw aanvraag zijn gereed: ${disciplines(ctx.state)}.`] },
      {
        rows: [
          ['Aanvraagnummer', ctx.state.number],
          ['Adres', address(ctx.state)],
        ],
      },
      { paragraphs: ['De netbeheerder bevestigt de oplevering en eventuele restpunten nog per e-mail.'] },
    ],
    ctx,
  );
}

/** The one-time sign-in code. It carries no personal link: the code is the key. */
export function loginCodeMail(
  code: string,
  minutes: number,
  why = 'U heeft gevraagd om in te loggen op Traject om uw aanvraag te volgen.',
): Mail {
  const subject = `Uw inlogcode voor Traject: ${code}`;
  const lines = [
    why,
    `Uw inlogcode is ${code}. De code werkt ${minutes} minuten en één keer.`,
    'Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail negeren.',
  ];
  const html = [
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Uw inlogcode</title></head>',
    '<body style="margin:0;padding:24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430">',
    `<p>${escapeHtml(lines[0] as string)}</p>`,
    `<p>Uw inlogcode is:</p><p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>`,
    `<p>De code werkt ${minutes} minuten en één keer.</p><p>${escapeHtml(lines[2] as string)}</p></body></html>`,
  ].join('');
  return { subject, html, text: lines.join('\n\n') };
}

/** The eindmeting: one short survey over the whole combi process, naming the contractor. */
export function endSurveyInvitation(ctx: MailContext, contractor: string | undefined, expiresAt: Date): Mail {
  const until = dateOfInstant.format(expiresAt);
  return layout(
    `Hoe ging de aanleg van uw aansluiting? (aanvraag ${ctx.state.number})`,
    greeting(ctx.state),
    [
      {
        paragraphs: [
          `Uw aansluiting is opgeleverd${contractor ? ` door ${contractor}` : ''}. Wij horen graag hoe u het hele traject heeft ervaren, van aanvraag tot oplevering.`,
          'Het zijn een paar korte vragen; invullen kost minder dan een minuut.',
        ],
      },
    ],
    {
      ...ctx,
      action: {
        label: 'Vul de korte vragenlijst in',
        href: ctx.links.follow,
        note: `Deze link is persoonlijk en werkt tot en met ${until}, één keer.`,
      },
    },
  );
}

/** The helpdesk survey by mail (interactiemeting helpdesk): short, with the personal link. */
export function helpdeskInvitation(link: string, expiresAt: Date): Mail {
  const subject = 'Hoe was uw contact met de helpdesk?';
  const until = dateOfInstant.format(expiresAt);
  const lines = [
    'Beste klant,',
    'U had onlangs contact met onze helpdesk. Wij horen graag hoe dat ging: het zijn drie korte vragen, invullen kost minder dan een minuut.',
    `Deze link is persoonlijk en werkt tot en met ${until}, één keer.`,
  ];
  const html = [
    '<!doctype html><html lang="nl"><head><meta charset="utf-8">',
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430;background:#ffffff">',
    '<div style="max-width:600px;margin:0 auto">',
    `<p>${escapeHtml(lines[0] as string)}</p><p>${escapeHtml(lines[1] as string)}</p>`,
    `<p style="margin:32px 0"><a href="${escapeHtml(link)}" style="background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">Vul de korte vragenlijst in</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(lines[2] as string)}</p>`,
    '</div></body></html>',
  ].join('');
  const text = [lines[0], '', lines[1], '', `Vul de korte vragenlijst in: ${link}`, lines[2]].join('\n');
  return { subject, html, text };
}

/** The helpdesk survey by SMS: one message (under 160 characters with a link of up to ~70). */
export function helpdeskSms(link: string): string {
  return `U had contact met de helpdesk. Hoe ging dat? 3 korte vragen: ${link}`;
}
