/** What the preview's browser tests share with their server (e2e/preview/server.ts). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PREVIEW_PORT = process.env.E2E_PREVIEW_PORT ?? '4432';

/** The copy of content/ the preview server reads, per port so two runs side by side do not share it. */
export function previewContentCopy(port = PREVIEW_PORT): string {
  return join(tmpdir(), `traject-voorbeeld-content-${port}`);
}
