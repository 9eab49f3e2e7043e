/**
 * The mails to customers, in Dutch or English (the language the customer chose: their mails keep
 * it), as HTML and plain text. Every mail carries the personal link to the track & trace page and
 * a one-click unsubscribe link. Texts written by staff (a contact's summary, a planning reason)
 * stay as written; the words around them are the customer's language. All values are escaped.
 */
import { workingWeek } from '../../domain/calendar.ts';
import type { StepId } from '../../domain/content-schema.ts';
import type { DailyDigest } from '../../domain/daily-digest.ts';
import { blockerInWords } from '../../domain/date-at-risk.ts';
import type { KcmMail } from '../../domain/kcm-mails.ts';
import type { Lang } from '../../domain/language.ts';
import { DISCIPLINE_NAMES } from '../../domain/messages.ts';
import type { ContactMoment, RequestState } from '../../domain/request-state.ts';

/** The contact-moment mails (domain/kcm-mails.ts) and the sign-in code. */
export type MailKind = KcmMail | 'inlogcode';

export type Mail = { subject: string; html: string; text: string };

export type MailContext = {
  state: RequestState;
  /** The customer's language; Dutch when they never chose. */
  lang: Lang;
  organisationName: (code: string) => string;
  links: { follow: string; unsubscribe: string };
  /** The next step in one sentence, if there is one (in `lang`). */
  nextStep?: string;
  /** The mail's main button, when it is not "Bekijk aanvraag" (the survey link of the eindmeting). */
  action?: { label: string; href: string; note: string };
};

const LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const;
const LONG_DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;

/** The formats of one language, built once: a mail says several dates. */
function formatsFor(locale: string) {
  const zone = 'Europe/Amsterdam';
  return {
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }),
    /** The day of an instant, in Amsterdam. */
    instantDate: new Intl.DateTimeFormat(locale, { ...LONG_DAY, timeZone: zone }),
    /** A calendar day (read at noon UTC, so no zone shifts it). */
    day: new Intl.DateTimeFormat(locale, { ...LONG_DAY, timeZone: 'UTC' }),
  };
}
const FORMATS = { nl: formatsFor(LOCALE.nl), en: formatsFor(LOCALE.en) };

/**
 * A calendar day as the customer reads it: "dinsdag 1 december 2026" or "Tuesday 1 December
 * 2026". Always with its year: a mail is read later, and a date around the turn of the year
 * would otherwise be ambiguous.
 */
export function dayInWords(date: string, lang: Lang): string {
  return FORMATS[lang].day.format(new Date(`${date}T12:00:00Z`));
}

/** Every word of the mails, per language; one layout below says them. */
const WORDS = {
  nl: {
    dayParts: { dag: 'de hele dag', ochtend: 'ochtend', middag: 'middag' },
    view: (n: string) => `Bekijk aanvraag ${n}`,
    personal:
      'Deze link is persoonlijk: stuur hem niet door. Hij werkt één keer en 30 dagen lang; daarna logt u in met uw aanvraagnummer, postcode en huisnummer.',
    unsubscribeQuestion: 'Wilt u deze berichten niet meer ontvangen?',
    unsubscribe: 'Afmelden',
    greeting: (name?: string) => `Beste ${name ?? 'aanvrager'},`,
    whatNow: 'Wat gebeurt er nu?',
    requestNumber: 'Aanvraagnummer',
    address: 'Adres',
    connections: 'Aansluitingen',
    confirmation: {
      subject: (n: string) => `Wij hebben uw aanvraag ${n} ontvangen`,
      intro: 'Wij hebben uw aanvraag ontvangen. Hieronder staat wat u heeft aangevraagd en wat er nu gebeurt.',
      afterwards:
        'Daarna geeft de netbeheerder de opdracht aan de aannemer. De aannemer belt u om de planning door te spreken en is vanaf dan uw vaste contactpersoon.',
    },
    contact: {
      subject: (n: string) => `Bevestiging van ons contact over aanvraag ${n}`,
      intro: 'Hierbij bevestigen wij ons contact met u.',
      date: 'Datum',
      time: 'Tijd',
      staff: 'Medewerker',
      spokeWith: 'Gesproken met',
      subjectRow: 'Onderwerp',
      discussed: 'Wat we hebben besproken',
    },
    planning: {
      subject: (n: string) => `De planning van aanvraag ${n} is gewijzigd`,
      intro: 'De planning van uw aanvraag is gewijzigd. Zo staat hij nu:',
      startDate: 'Startdatum (vast)',
      provisionalWeek: 'Voorlopige uitvoerweek',
      week: (from: string, to: string) => `${from} tot en met ${to} (nog niet vast)`,
      inspection: 'Schouw',
      wishDate: 'Uw wensdatum',
      why: 'Waarom',
    },
    delivery: {
      subject: (n: string) => `Uw aansluiting is opgeleverd (aanvraag ${n})`,
      done: (what: string) => `Alle werkzaamheden voor uw aanvraag zijn gereed: ${what}.`,
      followUp: 'De netbeheerder bevestigt de oplevering en eventuele restpunten nog per e-mail.',
    },
    code: {
      subject: (code: string) => `Uw inlogcode voor Traject: ${code}`,
      title: 'Uw inlogcode',
      why: 'U heeft gevraagd om in te loggen op Traject om uw aanvraag te volgen.',
      is: 'Uw inlogcode is:',
      line: (code: string) => `Uw inlogcode is ${code}.`,
      works: (minutes: number) => `De code werkt ${minutes} minuten en één keer.`,
      notYou: 'Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail negeren.',
    },
    survey: {
      subject: (n: string) => `Hoe ging de aanleg van uw aansluiting? (aanvraag ${n})`,
      delivered: (by?: string) =>
        `Uw aansluiting is opgeleverd${by ? ` door ${by}` : ''}. Wij horen graag hoe u het hele traject heeft ervaren, van aanvraag tot oplevering.`,
      short: 'Het zijn een paar korte vragen; invullen kost minder dan een minuut.',
      button: 'Vul de korte vragenlijst in',
      until: (until: string) => `Deze link is persoonlijk en werkt tot en met ${until}, één keer.`,
    },
    helpdesk: {
      subject: 'Hoe was uw contact met de helpdesk?',
      greeting: 'Beste klant,',
      intro:
        'U had onlangs contact met onze helpdesk. Wij horen graag hoe dat ging: het zijn drie korte vragen, invullen kost minder dan een minuut.',
      sms: (link: string) => `U had contact met de helpdesk. Hoe ging dat? 3 korte vragen: ${link}`,
    },
  },
  en: {
    dayParts: { dag: 'the whole day', ochtend: 'morning', middag: 'afternoon' },
    view: (n: string) => `View request ${n}`,
    personal:
      'This link is personal: please do not forward it. It works once and for 30 days; after that, sign in with your request number, postcode and house number.',
    unsubscribeQuestion: 'No longer want these messages?',
    unsubscribe: 'Unsubscribe',
    greeting: (name?: string) => `Dear ${name ?? 'applicant'},`,
    whatNow: 'What happens now?',
    requestNumber: 'Request number',
    address: 'Address',
    connections: 'Connections',
    confirmation: {
      subject: (n: string) => `We have received your request ${n}`,
      intro: 'We have received your request. Below is what you asked for and what happens now.',
      afterwards:
        'Next, the grid operator passes the order to the contractor. The contractor will call you to discuss the planning and is your contact person from then on.',
    },
    contact: {
      subject: (n: string) => `Confirmation of our contact about request ${n}`,
      intro: 'We hereby confirm our contact with you.',
      date: 'Date',
      time: 'Time',
      staff: 'Staff member',
      spokeWith: 'Spoke with',
      subjectRow: 'Subject',
      discussed: 'What we discussed',
    },
    planning: {
      subject: (n: string) => `The planning of request ${n} has changed`,
      intro: 'The planning of your request has changed. This is how it stands now:',
      startDate: 'Start date (firm)',
      provisionalWeek: 'Provisional week',
      week: (from: string, to: string) => `${from} to ${to} (not fixed yet)`,
      inspection: 'Site inspection',
      wishDate: 'Your preferred date',
      why: 'Why',
    },
    delivery: {
      subject: (n: string) => `Your connection has been completed (request ${n})`,
      done: (what: string) => `All work for your request is done: ${what}.`,
      followUp: 'The grid operator will confirm the completion and any remaining points by e-mail.',
    },
    code: {
      subject: (code: string) => `Your sign-in code for Traject: ${code}`,
      title: 'Your sign-in code',
      why: 'You asked to sign in to Traject to follow your request.',
      is: 'Your sign-in code is:',
      line: (code: string) => `Your sign-in code is ${code}.`,
      works: (minutes: number) => `The code works for ${minutes} minutes, once.`,
      notYou: 'Did you not ask for this? Then you can ignore this e-mail.',
    },
    survey: {
      subject: (n: string) => `How did the construction of your connection go? (request ${n})`,
      delivered: (by?: string) =>
        `Your connection has been completed${by ? ` by ${by}` : ''}. We would like to hear how you experienced the whole process, from request to completion.`,
      short: 'It is a few short questions; it takes less than a minute.',
      button: 'Fill in the short questionnaire',
      until: (until: string) => `This link is personal and works until ${until}, once.`,
    },
    helpdesk: {
      subject: 'How was your contact with the helpdesk?',
      greeting: 'Dear customer,',
      intro:
        'You recently contacted our helpdesk. We would like to hear how it went: three short questions, it takes less than a minute.',
      sms: (link: string) => `How was your helpdesk contact? 3 short questions: ${link}`,
    },
  },
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function address(state: RequestState): string {
  const a = state.address;
  return a
    ? `${a.street} ${a.houseNumber}${a.houseNumberAddition ? ` ${a.houseNumberAddition}` : ''}, ${a.postcode} ${a.city}`
    : '';
}

function disciplines(state: RequestState, lang: Lang): string {
  return state.workOrders
    .filter((w) => !w.cancelledAt)
    .map((w) => DISCIPLINE_NAMES[lang][w.discipline].toLowerCase())
    .join(', ');
}

type Block = {
  heading?: string;
  paragraphs?: string[];
  rows?: [string, string][];
  /** Written by staff, in Dutch: marked as such in an English mail. */
  staffText?: boolean;
};

const BUTTON_STYLE =
  'background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block';
const BODY_STYLE =
  'margin:0;padding:24px;font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b2430;background:#ffffff';

/** The head and body of every HTML mail, around its content. */
function htmlPage(lang: Lang, title: string, content: string[]): string {
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>`,
    `<body style="${BODY_STYLE}"><div style="max-width:600px;margin:0 auto">`,
    ...content,
    '</div></body></html>',
  ].join('');
}

/** Label and value pairs as a layout table. */
function rowsTable(rows: readonly [string, string][]): string {
  return `<table role="presentation" style="border-collapse:collapse">${rows
    .map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
    )
    .join('')}</table>`;
}

/** Lays out a mail from blocks: the same words in HTML and in plain text. */
function layout(subject: string, blocks: Block[], ctx: MailContext): Mail {
  const words = WORDS[ctx.lang];
  const greeting = words.greeting(ctx.state.applicant?.name);
  const action = ctx.action ?? { label: words.view(ctx.state.number), href: ctx.links.follow, note: words.personal };
  // Staff write in Dutch; an English mail says so, so a reader (or screen reader) knows.
  const staffLang = ctx.lang === 'nl' ? '' : ' lang="nl"';
  const html = htmlPage(ctx.lang, subject, [
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map((b) =>
      [
        b.heading ? `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(b.heading)}</h2>` : '',
        ...(b.paragraphs ?? []).map((p) => `<p${b.staffText ? staffLang : ''}>${escapeHtml(p)}</p>`),
        b.rows ? rowsTable(b.rows) : '',
      ].join(''),
    ),
    `<p style="margin:32px 0"><a href="${escapeHtml(action.href)}" style="${BUTTON_STYLE}">${escapeHtml(action.label)}</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(action.note)}</p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(words.unsubscribeQuestion)} <a href="${escapeHtml(ctx.links.unsubscribe)}" style="color:#0b5cad">${escapeHtml(words.unsubscribe)}</a>.</p>`,
  ]);

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
    `${words.unsubscribe}: ${ctx.links.unsubscribe}`,
  ].join('\n');
  return { subject, html, text };
}

function nextStepBlock(ctx: MailContext): Block[] {
  return ctx.nextStep ? [{ heading: WORDS[ctx.lang].whatNow, paragraphs: [ctx.nextStep] }] : [];
}

/** KCM A: the confirmation right after submitting. */
export function requestConfirmation(ctx: MailContext): Mail {
  const { state, lang } = ctx;
  const words = WORDS[lang];
  return layout(
    words.confirmation.subject(state.number),
    [
      { paragraphs: [words.confirmation.intro] },
      {
        rows: [
          [words.requestNumber, state.number],
          [words.address, address(state)],
          [words.connections, disciplines(state, lang)],
        ],
      },
      ...nextStepBlock(ctx),
      { paragraphs: [words.confirmation.afterwards] },
    ],
    ctx,
  );
}

/** Every logged contact moment, confirmed in the standard form of the customer contact process. */
export function contactConfirmation(ctx: MailContext, contact: ContactMoment): Mail {
  const at = new Date(contact.at);
  const words = WORDS[ctx.lang].contact;
  const formats = FORMATS[ctx.lang];
  return layout(
    words.subject(ctx.state.number),
    [
      { paragraphs: [words.intro] },
      {
        rows: [
          [words.date, formats.instantDate.format(at)],
          [words.time, formats.time.format(at)],
          [words.staff, `${contact.staffName} (${ctx.organisationName(contact.organisation)})`],
          [words.spokeWith, contact.spokeWith],
          [words.subjectRow, contact.subject],
        ],
      },
      { heading: words.discussed, paragraphs: [contact.summary], staffText: true },
      ...nextStepBlock(ctx),
    ],
    ctx,
  );
}

/** The planning as it now stands, after a change, with the reason. */
export function planningChange(ctx: MailContext): Mail {
  const { planning } = ctx.state;
  const { lang } = ctx;
  const words = WORDS[lang].planning;
  const parts = WORDS[lang].dayParts;
  const last = planning.history.at(-1);
  const rows: [string, string][] = [];
  if (planning.confirmedStart) {
    rows.push([words.startDate, `${dayInWords(planning.confirmedStart.date, lang)}, ${parts[planning.confirmedStart.part]}`]);
  }
  if (planning.provisionalWeek && !planning.confirmedStart) {
    // The week as its working days, as the track & trace page says it: nobody counts ISO weeks.
    const { from, to } = workingWeek(planning.provisionalWeek);
    rows.push([words.provisionalWeek, words.week(dayInWords(from, lang), dayInWords(to, lang))]);
  }
  if (planning.inspection && !planning.inspection.doneAt) {
    rows.push([words.inspection, `${dayInWords(planning.inspection.date, lang)}, ${parts[planning.inspection.part]}`]);
  }
  if (planning.wishDate) rows.push([words.wishDate, dayInWords(planning.wishDate, lang)]);
  return layout(
    words.subject(ctx.state.number),
    [
      { paragraphs: [words.intro] },
      { rows },
      ...(last
        ? [{ heading: words.why, paragraphs: [`${last.reason} (${ctx.organisationName(last.by)})`], staffText: true }]
        : []),
      ...nextStepBlock(ctx),
    ],
    ctx,
  );
}

/** KCM C: everything is done. */
export function deliveryConfirmation(ctx: MailContext): Mail {
  const words = WORDS[ctx.lang];
  return layout(
    words.delivery.subject(ctx.state.number),
    [
      { paragraphs: [words.delivery.done(disciplines(ctx.state, ctx.lang))] },
      {
        rows: [
          [words.requestNumber, ctx.state.number],
          [words.address, address(ctx.state)],
        ],
      },
      { paragraphs: [words.delivery.followUp] },
    ],
    ctx,
  );
}

/** The one-time sign-in code. It carries no personal link: the code is the key. */
export function loginCodeMail(code: string, minutes: number, options: { lang?: Lang; why?: string } = {}): Mail {
  const words = WORDS[options.lang ?? 'nl'].code;
  const why = options.why ?? words.why;
  const html = htmlPage(options.lang ?? 'nl', words.title, [
    `<p>${escapeHtml(why)}</p>`,
    `<p>${escapeHtml(words.is)}</p><p style="font-size:28px;font-weight:bold;letter-spacing:4px">${escapeHtml(code)}</p>`,
    `<p>${escapeHtml(words.works(minutes))}</p><p>${escapeHtml(words.notYou)}</p>`,
  ]);
  return {
    subject: words.subject(code),
    html,
    text: [why, `${words.line(code)} ${words.works(minutes)}`, words.notYou].join('\n\n'),
  };
}

/** The eindmeting: one short survey over the whole combi process, naming the contractor. */
export function endSurveyInvitation(ctx: MailContext, contractor: string | undefined, expiresAt: Date): Mail {
  const words = WORDS[ctx.lang].survey;
  const until = FORMATS[ctx.lang].instantDate.format(expiresAt);
  return layout(words.subject(ctx.state.number), [{ paragraphs: [words.delivered(contractor), words.short] }], {
    ...ctx,
    action: { label: words.button, href: ctx.links.follow, note: words.until(until) },
  });
}

/** The helpdesk survey by mail (interactiemeting helpdesk): short, with the personal link. */
export function helpdeskInvitation(link: string, expiresAt: Date, lang: Lang = 'nl'): Mail {
  const words = WORDS[lang].helpdesk;
  const survey = WORDS[lang].survey;
  const note = survey.until(FORMATS[lang].instantDate.format(expiresAt));
  const html = htmlPage(lang, words.subject, [
    `<p>${escapeHtml(words.greeting)}</p><p>${escapeHtml(words.intro)}</p>`,
    `<p style="margin:32px 0"><a href="${escapeHtml(link)}" style="${BUTTON_STYLE}">${escapeHtml(survey.button)}</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(note)}</p>`,
  ]);
  const text = [words.greeting, '', words.intro, '', `${survey.button}: ${link}`, note].join('\n');
  return { subject: words.subject, html, text };
}

/** The helpdesk survey by SMS: one message (under 160 characters with a link of up to ~70). */
export function helpdeskSms(link: string, lang: Lang = 'nl'): string {
  return WORDS[lang].helpdesk.sms(link);
}

/** To an organisation's admins: a webhook endpoint failed for days and Traject stopped sending to it. */
export function webhookDisabledMail(endpoint: { url: string; failingSince: Date }, days: number): Mail {
  const since = FORMATS.nl.instantDate.format(endpoint.failingSince);
  const lines = [
    `Traject kon sinds ${since} geen webhooks afleveren bij ${endpoint.url}: het adres gaf ${days} dagen lang geen goed antwoord. Daarom stuurt Traject er niets meer heen.`,
    'Zodra het adres weer werkt, schakelt u het in op de pagina Webhooks in Traject beheer. Daar ziet u ook de laatste pogingen en wat het adres antwoordde, en kunt u gemiste meldingen opnieuw versturen.',
    `Traject could not deliver webhooks to ${endpoint.url} for ${days} days and has disabled it. Switch it on again under Webhooks in Traject beheer once it works.`,
  ];
  return {
    subject: 'Webhook uitgeschakeld / Webhook disabled',
    html: htmlPage(
      'nl',
      'Webhook uitgeschakeld',
      lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    ),
    text: lines.join('\n\n'),
  };
}

/** What the daily digest mail says besides the digest itself: names in words and where the links go. */
export type DigestMailContext = {
  organisation: string;
  memberName: string;
  /** The werklijst, and the member's own page where the digest is switched off. */
  links: { worklist: string; account: string };
  stepName: (step: StepId) => string;
  partyName: (code: string) => string;
};

/**
 * The planners' daily digest (domain/daily-digest.ts), in Dutch: the staff pages have no other
 * language. Each section names the aanvragen and says how many more the werklijst has.
 */
export function dailyDigestMail(d: DailyDigest, ctx: DigestMailContext): Mail {
  const workingDays = (n: number) => (n === 1 ? '1 werkdag' : `${n} werkdagen`);
  const more = (shown: number, total: number) => (total > shown ? [`En nog ${total - shown}: zie de werklijst.`] : []);
  const blocks: Block[] = [];
  if (d.atRisk.total > 0)
    blocks.push({
      heading: `Planning in gevaar (${d.atRisk.total})`,
      paragraphs: [
        `Vaste startdatum binnen ${workingDays(d.settings.riskDays)} en iets staat de start in de weg: bel de klant vóór de datum verschuift.`,
        ...d.atRisk.rows.map(
          (r) =>
            `${r.number}: start ${dayInWords(r.date, 'nl')} (${r.workingDaysLeft === 0 ? 'vandaag' : `over ${workingDays(r.workingDaysLeft)}`}); ${r.blockers.map((b) => blockerInWords(b)).join('; ')}`,
        ),
        ...more(d.atRisk.rows.length, d.atRisk.total),
      ],
    });
  if (d.overdue.total > 0)
    blocks.push({
      heading: `Te laat (${d.overdue.total})`,
      paragraphs: [
        ...d.overdue.rows.map(
          (r) => `${r.number}: ${ctx.stepName(r.step)}, aan zet: ${ctx.partyName(r.party)}, ${workingDays(r.daysLate)} te laat`,
        ),
        ...more(d.overdue.rows.length, d.overdue.total),
      ],
    });
  if (d.quiet.total > 0)
    blocks.push({
      heading: `Zonder update (${d.quiet.total})`,
      paragraphs: [
        `Lopende aanvragen zonder bericht in ${d.settings.quietDays} dagen of langer.`,
        ...d.quiet.rows.map((r) => `${r.number}: laatste bericht ${dayInWords(r.lastDay, 'nl')} (${r.days} dagen geleden)`),
        ...more(d.quiet.rows.length, d.quiet.total),
      ],
    });
  const counts = [
    d.overdue.total > 0 && `${d.overdue.total} te laat`,
    d.atRisk.total > 0 && `${d.atRisk.total} planning in gevaar`,
    d.quiet.total > 0 && `${d.quiet.total} zonder update`,
  ].filter(Boolean);
  const subject = `Werklijst ${ctx.organisation}: ${counts.join(', ')}`;
  const intro = `Goedemorgen ${ctx.memberName}, dit is de samenvatting van ${dayInWords(d.today, 'nl')} voor ${ctx.organisation}.`;
  const button = 'Open de werklijst';
  const why = `U krijgt deze mail elke werkdag omdat u planner bent bij ${ctx.organisation} en er iets te doen is.`;
  const optOut = 'Uitzetten kan op uw eigen pagina in Traject beheer';
  const html = htmlPage('nl', subject, [
    `<p>${escapeHtml(intro)}</p>`,
    ...blocks.map(
      (b) =>
        `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(b.heading ?? '')}</h2>${(b.paragraphs ?? []).map((p) => `<p style="margin:4px 0">${escapeHtml(p)}</p>`).join('')}`,
    ),
    `<p style="margin:32px 0"><a href="${escapeHtml(ctx.links.worklist)}" style="${BUTTON_STYLE}">${button}</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(why)} <a href="${escapeHtml(ctx.links.account)}" style="color:#0b5cad">${optOut}</a>.</p>`,
  ]);
  const text = [
    intro,
    '',
    ...blocks.flatMap((b) => [(b.heading ?? '').toUpperCase(), ...(b.paragraphs ?? []), '']),
    `${button}: ${ctx.links.worklist}`,
    '',
    `${why} ${optOut}: ${ctx.links.account}`,
  ].join('\n');
  return { subject, html, text };
}

// ---------------------------------------------------------------------------------------------
// Klantenpanels (domain/klantenpanels.ts): the invitation, a place freed from the waiting list,
// the pre-panel questionnaire and the summary, each with the invitee's personal link.

export type PanelMailKind = 'uitnodiging' | 'plaats' | 'vragenlijst' | 'verslag';
export type PanelMailFacts = { title: string; startsAt: string; place: string; deadline: string; partners: string[] };

const PANEL_WORDS = {
  nl: {
    greeting: (name: string) => `Beste ${name},`,
    when: 'Wanneer',
    where: 'Waar',
    with: 'Samen met',
    note: 'Deze link is persoonlijk: stuur hem niet door.',
    uitnodiging: {
      subject: (t: string) => `Uitnodiging klantenpanel: ${t}`,
      intro:
        'U vraagt vaak aansluitingen bij ons aan. Daarom nodigen we u uit voor ons klantenpanel: een gesprek over hoe het aanvragen gaat en wat beter kan.',
      until: (d: string) => `Aanmelden kan tot en met ${d}. Vol is vol: daarna komt u op de wachtlijst.`,
      button: 'Aanmelden of afmelden',
    },
    plaats: {
      subject: (t: string) => `Er is een plaats vrij: ${t}`,
      intro: 'Er is een plaats vrijgekomen in het klantenpanel. U stond als eerste op de wachtlijst: u bent nu aangemeld.',
      until: () => 'Kunt u toch niet? Meld u dan af via de link, dan krijgt de volgende op de wachtlijst uw plaats.',
      button: 'Uw aanmelding bekijken',
    },
    vragenlijst: {
      subject: (t: string) => `Vooraf een paar vragen: ${t}`,
      intro:
        'Het klantenpanel komt eraan. Vertel ons vooraf hoe u het aanvragen ervaart en over welke onderwerpen u wilt praten: dan zetten we die op de agenda.',
      until: () => 'Het invullen duurt een paar minuten.',
      button: 'Vragenlijst invullen',
    },
    verslag: {
      subject: (t: string) => `Het verslag van het klantenpanel: ${t}`,
      intro: 'Bedankt voor uw deelname. Het verslag van het klantenpanel staat voor u klaar.',
      until: () => '',
      button: 'Verslag lezen',
    },
  },
  en: {
    greeting: (name: string) => `Dear ${name},`,
    when: 'When',
    where: 'Where',
    with: 'Together with',
    note: 'This link is personal: please do not forward it.',
    uitnodiging: {
      subject: (t: string) => `Invitation to our customer panel: ${t}`,
      intro:
        'You often request connections from us. That is why we invite you to our customer panel: a conversation about how requesting goes and what could be better.',
      until: (d: string) => `You can register until ${d}, inclusive. When it is full, you go on the waiting list.`,
      button: 'Register or cancel',
    },
    plaats: {
      subject: (t: string) => `A place has come free: ${t}`,
      intro: 'A place in the customer panel has come free. You were first on the waiting list: you are now registered.',
      until: () => 'Can you not come after all? Cancel through the link, so the next on the waiting list gets your place.',
      button: 'See your registration',
    },
    vragenlijst: {
      subject: (t: string) => `A few questions beforehand: ${t}`,
      intro:
        'The customer panel is coming up. Tell us beforehand how you experience requesting and which topics you want to discuss: we will put them on the agenda.',
      until: () => 'It takes a few minutes.',
      button: 'Fill in the questionnaire',
    },
    verslag: {
      subject: (t: string) => `The summary of the customer panel: ${t}`,
      intro: 'Thank you for taking part. The summary of the customer panel is ready for you.',
      until: () => '',
      button: 'Read the summary',
    },
  },
} as const;

/** A klantenpanel mail to one invitee: the panel's facts and the personal link. */
export function panelMail(kind: PanelMailKind, panel: PanelMailFacts, name: string, link: string, lang: Lang): Mail {
  const words = PANEL_WORDS[lang];
  const own = words[kind];
  const at = new Date(panel.startsAt);
  const formats = FORMATS[lang];
  const rows: [string, string][] = [
    [words.when, `${formats.instantDate.format(at)}, ${formats.time.format(at)}`],
    [words.where, panel.place],
    ...(panel.partners.length ? [[words.with, panel.partners.join(', ')] as [string, string]] : []),
  ];
  const subject = own.subject(panel.title);
  const paragraphs = [own.intro, own.until(dayInWords(panel.deadline, lang))].filter(Boolean);
  const greeting = words.greeting(name);
  const html = htmlPage(lang, subject, [
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    rowsTable(rows),
    `<p style="margin:32px 0"><a href="${escapeHtml(link)}" style="${BUTTON_STYLE}">${escapeHtml(own.button)}</a></p>`,
    `<p style="font-size:14px;color:#4a5566">${escapeHtml(words.note)}</p>`,
  ]);
  const text = [
    greeting,
    '',
    ...paragraphs,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    `${own.button}: ${link}`,
    words.note,
  ].join('\n');
  return { subject, html, text };
}
