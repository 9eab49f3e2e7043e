/**
 * A webhook receiver for tests: a real HTTP server on a loopback port that records what arrives
 * and answers as the test says (by default 204), so a test checks deliveries as an integrator's
 * system would get them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: Record<string, string>; body: string };
export type Answer = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

export async function startReceiver(answer: Answer = (_, res) => res.writeHead(204).end()) {
  const received: Received[] = [];
  let respond = answer;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const r = { path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      respond(req, res, r);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** From now on, answer like this. */
    answerWith(next: Answer) {
      respond = next;
    },
    /** What arrived once `count` deliveries have, or throws after the deadline. */
    async waitFor(count: number, deadlineMs = 10_000): Promise<Received[]> {
      const end = performance.now() + deadlineMs;
      while (received.length < count) {
        if (performance.now() > end) throw new Error(`${received.length} of ${count} webhooks arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
