/**
 * A progress bar for long commands: redrawn in place on a terminal, a line per 10% elsewhere
 * (CI logs), always with rate and time left.
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const start = performance.now();
  let lastTenth = -1;
  return (done: number) => {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const seconds = (performance.now() - start) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const left = rate > 0 ? (total - done) / rate : 0;
    const text = `${label} ${done.toLocaleString('nl-NL')}/${total.toLocaleString('nl-NL')} (${Math.round(fraction * 100)}%) · ${Math.round(rate).toLocaleString('nl-NL')}/s · nog ${Math.ceil(left)} s`;
    if (out.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}   `);
      if (done >= total) out.write('\n');
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        out.write(`${text}\n`);
      }
    }
  };
}
