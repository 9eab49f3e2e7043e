/**
 * The flags of Node the server runs with: `node --max-semi-space-size=16 api/main.ts`, and
 * `npm start` the same (package.json). The README's fleet commands, the fleet test and the
 * benchmark use these; node-flags.test.ts holds package.json and the README to them.
 *
 * V8 sizes its young generation from the machine's memory: two semi-spaces of 64 MB on a 24 GB
 * machine, 128 MB resident once a busy server has filled them. A request allocates a few KB that
 * die young, so 2 × 16 MB holds many thousands of requests between two scavenges: on 100,000
 * aanvragen the look-up server held 96 MB less with the same throughput, and ingestion was no
 * slower (docs/decisions/0051-a-lean-server-process.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];
