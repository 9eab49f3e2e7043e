/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Set by api/server.ts for on-demand pages; absent in prerendered pages. */
    traject?: import('../api/site-context.ts').SiteContext;
    /** Set by api/server.ts: logs an error a page threw and gives the answer for it (site/middleware.ts). */
    failed?: (error: unknown) => Response;
  }
}
