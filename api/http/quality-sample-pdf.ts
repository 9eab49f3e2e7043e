/**
 * The printable report of a quality sample (decision 0039) as a PDF, made with pdfkit: the
 * period, the seed, the table per party (domain/quality-samples.ts reportTables, the same as the
 * page) and the moments that did not meet the standard, by aanvraagnummer only (no names of
 * customers or staff on paper that goes round the meeting).
 */
import { dutchDate } from '../../domain/calendar.ts';
import { CRITERION_LABELS, reportTables, type SampleCriterion } from '../../domain/quality-samples.ts';
import type { SampleReview } from '../core/quality-samples.ts';

const dateNl = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
};

export async function qualitySamplePdf(
  review: SampleReview,
  organisationName: string,
  partyName: (code: string) => string,
  now: Date,
): Promise<Buffer> {
  // Loaded on the first report, not at the server's start: pdfkit and its fonts are a few MB of
  // code that the look-ups and pages never use.
  const { default: PDFDocument } = await import('pdfkit');
  const { sample, items, report } = review;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    info: { Title: `Steekproef contactmomenten ${dateNl(sample.from)} t/m ${dateNl(sample.to)}`, Author: organisationName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(16).text('Steekproef contactmomenten');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(`${organisationName} · periode ${dateNl(sample.from)} t/m ${dateNl(sample.to)} · getrokken door ${sample.drawnBy}`);
  doc.text(
    `Omvang ${sample.drawn} (gevraagd ${sample.size}) · zaad "${sample.seed}" · ${sample.reviewed} van ${sample.drawn} beoordeeld · afgedrukt ${dateNl(dutchDate(now))}`,
  );
  doc.moveDown();

  const tables = reportTables(report, partyName);
  let widths: number[] = [];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = doc.page.margins.left;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let bottom = y;
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 80;
      doc.text(cell, x, y, { width: width - 6 });
      bottom = Math.max(bottom, doc.y);
      x += width;
    });
    doc.x = doc.page.margins.left;
    doc.y = bottom + 4;
  };
  const table = (title: string, part: 'outcome' | 'shortfalls', columns: number[]) => {
    widths = columns;
    doc.font('Helvetica-Bold').fontSize(12).text(title);
    doc.moveDown(0.3);
    row(tables[part].header, true);
    for (const r of tables[part].rows) row(r);
    row(tables[part].total, true);
    doc.moveDown();
  };
  table('Uitkomst per partij', 'outcome', [180, 80, 80, 80, 80, 80]);
  table('Niet voldaan, per punt van de standaard en per partij', 'shortfalls', [180, 100, 100, 100, 100, 100, 100]);

  const failing = items.filter((i) => i.verdict === 'voldoet-niet');
  doc.font('Helvetica-Bold').fontSize(12).text('Contactmomenten die niet voldoen');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  if (failing.length === 0) doc.text('Geen.');
  for (const i of failing) {
    const points = i.failed.map((c) => CRITERION_LABELS[c as SampleCriterion] ?? c).join(', ');
    doc.text(
      `${i.requestNumber} · KCM ${i.moment.code} · ${dateNl(dutchDate(i.moment.at))} · ${partyName(i.moment.organisation)}: ${points || 'geen punt aangegeven'}${i.note ? ` — ${i.note}` : ''}`,
    );
  }
  doc.end();
  return done;
}
