// The hostile host page's own script (a file, with the page's nonce: no inline script). It queues
// calls for the widget loader before the loader has loaded, records CSP violations and layout
// shifts for the tests, and starts the pop-ups the way a portal would: with the token the portal's
// server got for each pop-up (meta tags, see routes.ts).
window.traject = window.traject || [];
window.violations = [];
window.layoutShift = 0;
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
}).observe({ type: 'layout-shift', buffered: true });

const params = new URLSearchParams(location.search);
const nummer = params.get('nummer') || 'MA-2026-0000001';
const token = (aanleiding) => document.querySelector(`meta[name="token-${aanleiding}"]`)?.content;
// Queued before the loader exists: the loader must pick it up.
if (params.get('direct') === 'webfeedback')
  traject.push(['webfeedback', { aanvraagnummer: nummer, token: token('aanvraag-ingediend') }]);

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('aanvraag').addEventListener('submit', (e) => {
    e.preventDefault();
    traject.push(['webfeedback', { aanvraagnummer: nummer, token: token('aanvraag-ingediend') }]);
  });
  for (const [id, besluit] of [
    ['goedkeuren', 'geaccepteerd'],
    ['afkeuren', 'afgewezen'],
  ]) {
    document
      .getElementById(id)
      .addEventListener('click', () =>
        traject.push(['offerte', { aanvraagnummer: nummer, besluit, token: token(`offerte-${besluit}`) }]),
      );
  }
  document.getElementById('eigen-feedback').addEventListener('click', (e) => {
    e.preventDefault();
    traject.push(['feedback']);
  });
});
