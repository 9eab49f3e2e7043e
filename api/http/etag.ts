/**
 * Strong entity tags (RFC 9110 §8.8.3) for answers kept as bytes: the status look-up and the
 * widget files. The tag is a hash of the bytes, so it changes exactly when they do.
 */
import { createHash } from 'node:crypto';

/** A strong ETag of `bytes`: 96 bits of SHA-256, quoted. */
export function strongETag(bytes: Uint8Array | string): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 16)}"`;
}

/**
 * Whether an If-None-Match header names `etag`, so the answer may be 304 Not Modified. It may list
 * several tags or be `*`; If-None-Match compares weakly, so a `W/` prefix does not matter.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
