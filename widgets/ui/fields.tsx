/**
 * One question as form controls: a scale as a radio group (the ends named for screen readers),
 * choices as radio buttons or checkboxes, free text, an e-mail address, and the phone number of
 * "bel mij terug" (not a survey question: never saved as an answer). Native controls only, so
 * keyboard and screen readers work as they do everywhere else.
 */
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// biome-ignore lint/correctness/noUnusedImports: the JSX factory (widgets/README.md, size)
import { Fragment, h } from 'preact';
import type { AnswerValue, Question } from '../types.ts';

/** The phone number field the panel adds after clearly negative answers. */
export type Phone = { id: string; soort: 'tel'; vraag: string; hulp?: string; verplicht?: undefined };

export type FieldProps = {
  q: Question | Phone;
  /** Unique within the shadow root, which may hold two surveys at once. */
  id: string;
  value: AnswerValue | undefined;
  progress?: string;
  error?: string;
  set: (value: AnswerValue, now?: boolean) => void;
  /** Free text is sent when the customer leaves the field. */
  blur: () => void;
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function Field({ q, id, value, progress, error, set, blur }: FieldProps) {
  const hint = q.hulp ? `${id}-hulp` : '';
  const fault = error ? `${id}-fout` : '';
  const describedBy = [hint, fault].filter(Boolean).join(' ') || undefined;
  const title = (
    <>
      {progress && <span class="voortgang">{progress}</span>}
      {q.vraag}
      {q.verplicht && <span class="verplicht">{__LANG__ === 'en' ? ' (required)' : ' (verplicht)'}</span>}
    </>
  );
  const notes = (
    <>
      {q.hulp && (
        <p class="hulp" id={hint}>
          {q.hulp}
        </p>
      )}
      {error && (
        <p class="fout" id={fault}>
          {error}
        </p>
      )}
    </>
  );

  if (q.soort !== 'schaal' && q.soort !== 'keuze') {
    const common = {
      id,
      value: (value as string | undefined) ?? '',
      'aria-describedby': describedBy,
      'aria-invalid': error ? true : undefined,
      required: q.verplicht,
      onInput: (e: Event) => set((e.currentTarget as HTMLInputElement).value),
      onBlur: blur,
    };
    return (
      <div class="vraag">
        <label for={id}>{title}</label>
        {notes}
        {q.soort === 'tekst' ? (
          <textarea {...common} rows={3} maxLength={q.maxLengte} />
        ) : (
          // type and autocomplete "email" or "tel"
          <input {...common} type={q.soort} autocomplete={q.soort} />
        )}
      </div>
    );
  }

  const many = q.soort === 'keuze' && q.meerdere;
  const chosen = (v: string | number) => (many ? ((value as string[] | undefined) ?? []).includes(v as string) : value === v);
  const pick = (v: string | number) => {
    if (!many) return set(v, true);
    const list = ((value as string[] | undefined) ?? []).filter((x) => x !== v);
    set(chosen(v) ? list : [...list, v as string], true);
  };
  const type = many ? 'checkbox' : 'radio';
  return (
    <fieldset class="vraag" id={id} tabIndex={-1} aria-describedby={describedBy}>
      <legend>{title}</legend>
      {notes}
      {q.soort === 'schaal' ? (
        <>
          <div class="schaal">
            {range(q.van, q.tot).map((v) => (
              <label key={v}>
                <input type={type} name={id} checked={chosen(v)} onChange={() => pick(v)} />
                <span class="punt">{v}</span>
                {(v === q.van || v === q.tot) && <span class="sr">{`: ${v === q.van ? q.laag : q.hoog}`}</span>}
              </label>
            ))}
          </div>
          <div class="uiteinden" aria-hidden="true">
            <span>{q.laag}</span>
            <span>{q.hoog}</span>
          </div>
        </>
      ) : (
        q.soort === 'keuze' &&
        q.opties.map((o) => (
          <label class="optie" key={o.id}>
            <input type={type} name={id} checked={chosen(o.id)} onChange={() => pick(o.id)} />
            {o.tekst}
          </label>
        ))
      )}
    </fieldset>
  );
}
