/**
 * A survey in a panel: a pop-up that appears without taking focus (announced in the live region),
 * or the feedback form the customer opened (focus moves in). One question at a time or all at
 * once, as the survey file says. Each answer is sent as soon as it is given; the last step
 * finishes the response, and the thanks come only when the server took it: a refusal (answered
 * before, in another browser; the token ran out) is said instead. When the server answers the
 * finishing request with `terugbellen: true` (clearly negative
 * answers in a pop-up, decided by domain/callback.ts), the thanks offer "bel mij terug": a phone
 * number, yes or no. Escape closes; mount() restores focus.
 * A class, not hooks: preact/hooks would cost a tenth of the size budget.
 */
/** @jsxRuntime classic */
/** @jsx h */
// biome-ignore lint/correctness/noUnusedImports: h is the JSX factory (widgets/README.md, size)
import { Component, createRef, h } from 'preact';
import { putJson, sender } from '../send.ts';
import type { AnswerValue, MountOptions, PublicSurvey, Question } from '../types.ts';
import { Field, type Phone } from './fields.tsx';

export type PanelProps = Omit<MountOptions, 'root' | 'onClose' | 'nonce' | 'path'> & {
  survey: PublicSurvey;
  responseId: string;
  close: (finished: boolean) => void;
};
type State = {
  step: number;
  answers: Record<string, AnswerValue>;
  errors: Record<string, string>;
  done?: boolean;
  /** The status of a request that failed (0: no answer); the customer is told. */
  failed?: number;
  /** "Bel mij terug": 1 offered, 2 asked for. */
  offer?: 1 | 2;
};

const empty = (v: AnswerValue | undefined) => v === undefined || v === '' || (Array.isArray(v) && !v.length);

export class Panel extends Component<PanelProps, State> {
  override state: State = { step: 0, answers: {}, errors: {} };
  panel = createRef<HTMLDivElement>();
  sent: Record<string, string> = {};
  /** Set by the customer's "Volgende" or "Versturen": focus follows to what comes next. */
  follow = false;
  send = sender({ api: this.props.api, onFail: (failed) => this.setState({ failed }) });
  path = `${this.props.survey.id}/reacties/${this.props.responseId}`;
  phone: Phone = {
    id: 'telefoon',
    soort: 'tel',
    vraag:
      __LANG__ === 'en'
        ? 'Would you like us to call you back? Then enter your phone number.'
        : 'Wilt u dat we u terugbellen? Vul dan uw telefoonnummer in.',
    hulp: __LANG__ === 'en' ? 'For example 06 12345678.' : 'Bijvoorbeeld 06 12345678.',
  };
  questions = this.props.survey.vragen.filter((q) => !q.alleenBij || q.alleenBij.includes(this.props.context.aanleiding));

  fid = (q: Question | Phone) => `${this.props.survey.id}-${q.id}`;
  find = <T extends HTMLElement>(selector: string) => this.panel.current?.querySelector<T>(selector);

  save(q: Question | Phone, value: AnswerValue | undefined) {
    const json = JSON.stringify(value);
    if (value === undefined || this.sent[q.id] === json) return;
    this.sent[q.id] = json;
    this.send.put(`${this.path}/antwoorden/${q.id}`, { waarde: value, ...this.props.context });
  }

  override componentDidMount() {
    const { opener, live, survey } = this.props;
    try {
      this.panel.current?.showPopover();
    } catch {
      // No popover support: the panel is fixed in place all the same.
    }
    if (opener) this.find('h2')?.focus();
    // Said a moment later: a live region that changes as it appears may go unread.
    else
      setTimeout(() => {
        live.textContent = `${survey.titel} ${__LANG__ === 'en' ? 'A short questionnaire is shown at the bottom of the screen and at the end of the page.' : 'Een korte vragenlijst staat onderaan in beeld en aan het einde van de pagina.'}`;
      }, 150);
  }

  /** After "Volgende" or "Versturen", focus follows to the next question or the thanks. */
  override componentDidUpdate() {
    if (!this.follow) return;
    this.follow = false;
    const { done, offer } = this.state;
    this.find(done && offer !== 1 ? '.bedankt' : 'input:checked, input, textarea')?.focus();
  }

  submit = (e: Event) => {
    e.preventDefault();
    const { step, answers } = this.state;
    const stepwise = this.props.survey.weergave === 'stappen';
    const shown = stepwise ? this.questions.slice(step, step + 1) : this.questions;
    const errors: Record<string, string> = {};
    for (const q of shown) {
      const input = this.find<HTMLInputElement>(`#${this.fid(q)}`);
      if (q.verplicht && empty(answers[q.id]))
        errors[q.id] =
          q.soort === 'schaal' || q.soort === 'keuze'
            ? __LANG__ === 'en'
              ? 'Please choose an answer.'
              : 'Kies een antwoord.'
            : __LANG__ === 'en'
              ? 'Please fill this in.'
              : 'Vul dit in.';
      else if (q.soort === 'email' && input && !input.checkValidity())
        errors[q.id] =
          __LANG__ === 'en'
            ? 'Please enter a valid e-mail address, such as name@example.com.'
            : 'Vul een geldig e-mailadres in (naam@voorbeeld.nl).';
      else this.save(q, answers[q.id]);
    }
    this.setState({ errors });
    const first = shown.find((q) => errors[q.id]);
    if (first) return this.find(`#${this.fid(first)}`)?.focus();
    this.follow = true;
    if (stepwise && step < this.questions.length - 1) return this.setState({ step: step + 1 });
    this.send.put(this.path, { ...this.props.context, afgerond: true }, (r) =>
      r.json().then((j) => {
        // Not once the panel is closed: the answer may come late, after retries.
        if (!this.panel.current) return;
        this.follow = true;
        this.setState({ done: true }, () => {
          if (!j.terugbellen) return;
          // After the thanks took focus: announced, not focused. Tab goes on to it.
          this.setState({ offer: 1 });
          this.props.live.textContent = this.phone.vraag;
        });
      }),
    );
  };

  /** "Ja, bel mij terug": the server checks the number and makes the task, once per response. */
  callback = async (e: Event) => {
    e.preventDefault();
    const r = await putJson(`${this.props.api}${this.path}/terugbellen`, {
      telefoon: this.state.answers.telefoon,
      token: this.props.context.token,
    });
    this.follow = true;
    this.setState(
      r?.ok
        ? { offer: 2 }
        : {
            errors: {
              telefoon:
                r?.status === 400
                  ? __LANG__ === 'en'
                    ? 'Please enter a Dutch phone number, such as 06 12345678.'
                    : 'Vul een Nederlands telefoonnummer in, zoals 06 12345678.'
                  : __LANG__ === 'en'
                    ? 'That did not work. Please try again.'
                    : 'Dat lukte niet. Probeer opnieuw.',
            },
          },
    );
  };

  field = (q: Question | Phone, progress?: string) => (
    <Field
      key={q.id}
      q={q}
      id={this.fid(q)}
      value={this.state.answers[q.id]}
      progress={progress}
      error={this.state.errors[q.id]}
      set={(value, now) => {
        this.setState({ answers: { ...this.state.answers, [q.id]: value } });
        if (now) this.save(q, value);
      }}
      blur={() => q.soort === 'tekst' && this.save(q, this.state.answers[q.id])}
    />
  );

  render({ survey, opener, close }: PanelProps, { step, done, failed, offer }: State) {
    const stepwise = survey.weergave === 'stappen';
    const shown = stepwise ? this.questions.slice(step, step + 1) : this.questions;
    return (
      // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is set, dialog or region, one line below
      // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the panel from any control inside it
      <div
        ref={this.panel}
        class={opener ? 'paneel formulier' : 'paneel'}
        popover="manual"
        // A region (landmark) for a pop-up; a dialog, not modal, for the form the customer opened.
        role={opener ? 'dialog' : 'region'}
        aria-labelledby={`${survey.id}-titel`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close(!!done);
          }
        }}
      >
        <div class="kop">
          <h2 id={`${survey.id}-titel`} tabIndex={-1}>
            {survey.titel}
          </h2>
          <button type="button" class="sluit" aria-label={__LANG__ === 'en' ? 'Close' : 'Sluiten'} onClick={() => close(!!done)}>
            ×
          </button>
        </div>
        {done ? (
          <form onSubmit={this.callback} noValidate>
            <p class="bedankt" tabIndex={-1}>
              {offer === 2
                ? __LANG__ === 'en'
                  ? 'Thank you. We will call you back as soon as possible.'
                  : 'Bedankt. We bellen u zo snel mogelijk terug.'
                : survey.bedankt}
            </p>
            {offer === 1 && this.field(this.phone)}
            <div class="knoppen">
              <button type="button" class={offer === 1 ? '' : 'primair'} onClick={() => close(true)}>
                {offer === 1 ? (__LANG__ === 'en' ? 'No' : 'Nee') : __LANG__ === 'en' ? 'Close' : 'Sluiten'}
              </button>
              {offer === 1 && (
                <button type="submit" class="primair">
                  {__LANG__ === 'en' ? 'Yes, call me back' : 'Ja, bel mij terug'}
                </button>
              )}
            </div>
          </form>
        ) : (
          <form onSubmit={this.submit} noValidate>
            {survey.intro && step === 0 && <p class="intro">{survey.intro}</p>}
            {shown.map((q) =>
              this.field(
                q,
                stepwise
                  ? __LANG__ === 'en'
                    ? `Question ${step + 1} of ${this.questions.length}`
                    : `Vraag ${step + 1} van ${this.questions.length}`
                  : undefined,
              ),
            )}
            <div class="knoppen">
              {stepwise && step > 0 && (
                <button
                  type="button"
                  onClick={() => {
                    this.follow = true;
                    this.setState({ step: step - 1 });
                  }}
                >
                  {__LANG__ === 'en' ? 'Previous' : 'Vorige'}
                </button>
              )}
              <button type="submit" class="primair">
                {stepwise && step < this.questions.length - 1
                  ? __LANG__ === 'en'
                    ? 'Next'
                    : 'Volgende'
                  : __LANG__ === 'en'
                    ? 'Send'
                    : 'Versturen'}
              </button>
            </div>
          </form>
        )}
        {failed !== undefined && (
          <p class="fout" role="alert">
            {failed === 409
              ? __LANG__ === 'en'
                ? 'You have already filled in this questionnaire. These answers have not been saved.'
                : 'U heeft deze vragenlijst al ingevuld. Deze antwoorden zijn niet opgeslagen.'
              : failed === 403
                ? __LANG__ === 'en'
                  ? 'This questionnaire has expired. Your answers have not been saved.'
                  : 'Deze vragenlijst is verlopen. Uw antwoorden zijn niet opgeslagen.'
                : __LANG__ === 'en'
                  ? 'Your answers have not been saved. Please try again later.'
                  : 'Uw antwoorden zijn niet opgeslagen. Probeer het later opnieuw.'}
          </p>
        )}
      </div>
    );
  }
}
