// The template fuzzer's generated templates rendered by real Jinja2 (py-orc's settings, through
// test/lang/jinja2/jinja2-cases.py) and by our engine, and every disagreement listed: a tool for
// finding what the conformance cases miss, not a test — most disagreements are the documented
// differences (lists as JSON, mapping keys as strings, filters py-orc adds). What it found is in
// test/fuzz-findings/templates.json.
//
//   npx tsx test/support/template-fuzz/compare-with-jinja2.ts [CASES] [SEED] > differences.txt
import { spawnSync } from 'node:child_process';
import { fuzzScope } from './generate-template.js';
import { templateForCase } from './fuzz-templates.js';
import { renderBounded } from './render-bounded.js';

interface Rendered {
  id: string;
  template: string;
  expected?: string;
  error?: string;
  message?: string;
}

const count = Number(process.argv[2] ?? 1_000);
const seed = Number(process.argv[3] ?? 1);
const scope = fuzzScope();
const cases = Array.from({ length: count }, (_, index) => ({
  id: String(index),
  template: templateForCase(seed, index).template,
  context: scope,
}));
const jinja2 = spawnSync('python3', ['test/lang/jinja2/jinja2-cases.py', 'render'], {
  input: JSON.stringify({ cases }),
  encoding: 'utf8',
  maxBuffer: 1 << 30,
  timeout: 600_000,
});
if (jinja2.status !== 0) {
  console.error(`Jinja2 did not render the cases (python3 with Jinja2 3.1.2 needed): ${jinja2.stderr}`);
  process.exit(2);
}
const tally = { same: 0, bothErrors: 0, differ: 0 };
const kinds = new Map<string, number>();
for (const entry of (JSON.parse(jinja2.stdout) as { cases: Rendered[] }).cases) {
  const ours = renderBounded(entry.template, scope, 6_000);
  const oursText = ours.kind === 'rendered' ? ours.text : undefined;
  if (entry.expected !== undefined && oursText === entry.expected) tally.same++;
  else if (entry.expected === undefined && oursText === undefined) tally.bothErrors++;
  else {
    tally.differ++;
    const kind =
      entry.expected === undefined
        ? `Jinja2 ${entry.error ?? 'error'}, ours rendered`
        : oursText === undefined
          ? `Jinja2 rendered, ours ${ours.kind}`
          : 'both rendered, differently';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const theirs = entry.expected ?? `${entry.error ?? ''}: ${entry.message ?? ''}`;
    console.log(`${kind}\n  template: ${entry.template.slice(0, 300)}\n  Jinja2:   ${theirs.slice(0, 200)}`);
    console.log(`  ours:     ${(oursText ?? `${ours.kind}: ${ours.text}`).slice(0, 200)}`);
  }
}
console.error(JSON.stringify({ ...tally, kinds: Object.fromEntries(kinds) }));
