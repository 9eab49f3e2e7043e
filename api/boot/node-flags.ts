/**
 * The flags of Node the server runs with: `node --max-semi-space-size=32 api/main.ts`, and
 * `npm start` the same (package.json). The README's fleet commands, the fleet test and the
 * benchmark use these; node-flags.test.ts holds package.json and the README to them.
 *
 * V8 sizes its young generation from the machine's memory: two semi-spaces of 64 MB on a 24 GB
 * machine, 128 MB resident once a busy server has filled them. A request allocates a few KB that
 * die young, so 2 × 32 MB holds many thousands of requests between two scavenges: on 100,000
 * aanvragen the look-up server held about 60 MB less. Semi-spaces of 16 MB held 50 MB less again
 * but cost the conditional look-up (304) a quarter of its rate after a run of random look-ups
 * (docs/decisions/0051-a-lean-server-process.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
