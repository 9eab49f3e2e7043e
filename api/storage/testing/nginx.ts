/**
 * Debian's nginx (/usr/sbin/nginx) with the repository's own configuration
 * (deploy/nginx/traject.conf, only its addresses replaced) in front of server processes on
 * 127.0.0.1, in a folder of its own: used by the fleet test (api/fleet.test.ts) and the
 * benchmark's fleet run (bench/run.ts), so both measure and test the file operators deploy.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
const CONFIG = join(import.meta.dirname, '..', '..', '..', 'deploy', 'nginx', 'traject.conf');

export type NginxOptions = {
  /** A folder for the configuration, the pid file and nginx's buffers. */
  dir: string;
  /** The port nginx listens on (127.0.0.1). */
  listen: number;
  /** The ports of the server processes on 127.0.0.1. */
  upstreams: number[];
  /** The address nginx connects to the processes from (their TRUST_PROXY); 127.0.0.1 as in the file. */
  proxyBind?: string;
  /** nginx worker processes (default 1). */
  workers?: number;
};

/** The repository's nginx configuration with these addresses, in a complete nginx.conf; throws when one is not found. */
export function nginxConfig({ dir, listen, upstreams, proxyBind = '127.0.0.1', workers = 1 }: NginxOptions): string {
  let conf = readFileSync(CONFIG, 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    if (!pattern.test(conf)) throw new Error(`deploy/nginx/traject.conf no longer has ${pattern}`);
    conf = conf.replace(pattern, by);
  };
  replace(
    /(\n\s*server 127\.0\.0\.1:\d+ [^\n]*)+/,
    upstreams.map((port) => `\n    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join(''),
  );
  replace(/listen 8080;/, `listen 127.0.0.1:${listen};`);
  replace(/proxy_bind 127\.0\.0\.1;/, `proxy_bind ${proxyBind};`);
  const temp = join(dir, 'nginx-temp');
  mkdirSync(temp, { recursive: true });
  // As root, nginx's workers run as nobody: they must be able to reach and write their buffers
  // (a folder from mkdtemp is 0700).
  chmodSync(dir, 0o711);
  chmodSync(temp, 0o777);
  return `worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
${conf}
}
`;
}

/**
 * Stops nginx and waits until it is gone. SIGTERM, not SIGKILL: a killed master leaves its
 * workers running, orphaned.
 */
export async function stopNginx(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Starts nginx in the foreground; resolves once /healthz answers through it. */
export async function startNginx(options: NginxOptions, timeoutMs = 10_000): Promise<ChildProcess> {
  const file = join(options.dir, 'nginx.conf');
  writeFileSync(file, nginxConfig(options));
  const child = spawn(NGINX, ['-c', file, '-p', options.dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx stopped at its start (code ${child.exitCode})`);
    const res = await fetch(`http://127.0.0.1:${options.listen}/healthz`).catch(() => null);
    await res?.arrayBuffer();
    if (res?.ok) return child;
    if (performance.now() > deadline) {
      await stopNginx(child);
      throw new Error(`nginx did not answer /healthz within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
