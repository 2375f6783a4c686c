// The crash-test child: opens the store (a bundle built at test start), then edits and saves in a
// loop until it is killed with SIGKILL. Before each next edit it reports on stdout what it
// submitted and what was acknowledged (stdout to a pipe is synchronous on Linux, so a reported
// acknowledgement is never lost with the process):
//   ready | submit <id> <seq> | ack <id> <seq> <revision> | created <id> | trashed <id> | restored <id>
// Usage: node store-crash-child.mjs <store-bundle.mjs> <store-root> <seed>
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CRASH_DRAFT_IDS, contentFor, seqOf } from './store-crash-content.mjs';

const [bundle, root, seedText] = process.argv.slice(2);
const { DraftStore } = await import(pathToFileURL(bundle).href);

let state = Number(seedText) >>> 0 || 1;
/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const say = (line) => process.stdout.write(`${line}\n`);

const store = await DraftStore.open({
  root,
  now: () => new Date(),
  newId: () => randomBytes(8).toString('hex'),
  // the start-up check runs while the child restores and saves (issue 12: it must never act on
  // a file an operation has just moved)
  verifyOnOpen: true,
  indexDelayMs: 1 + Math.floor(random() * 10),
  // short intervals so that history snapshots, backups and index writes are often in flight
  history: { intervalMs: 15, sessionIdleMs: 100, keepAuto: 8 },
  backups: { intervalMs: 60, keep: 4, days: 1 },
});
say('ready');

const seq = new Map();
for (const id of CRASH_DRAFT_IDS) {
  if (!store.has(id)) {
    await store.create(contentFor(id, 0));
    say(`created ${id}`);
  } else if (store.listTrash().some((d) => d.id === id)) {
    await store.restore(id);
    say(`restored ${id}`);
  }
  seq.set(id, seqOf((await store.get(id)).title) ?? 0);
}

async function saveOne(id) {
  const next = seq.get(id) + 1;
  seq.set(id, next);
  say(`submit ${id} ${next}`);
  const receipt = await store.save(contentFor(id, next));
  say(`ack ${id} ${next} ${receipt.revision}`);
}

for (;;) {
  const id = CRASH_DRAFT_IDS[Math.floor(random() * CRASH_DRAFT_IDS.length)];
  const r = random();
  if (r < 0.03) {
    await store.trash(id);
    say(`trashed ${id}`);
    await store.restore(id);
    say(`restored ${id}`);
  } else if (r < 0.25) {
    // an autosave burst: several saves in flight at once (coalesced by the store)
    const n = 2 + Math.floor(random() * 3);
    const runs = [];
    for (let i = 0; i < n; i++) runs.push(saveOne(id));
    await Promise.all(runs);
  } else {
    await saveOne(id);
  }
}
