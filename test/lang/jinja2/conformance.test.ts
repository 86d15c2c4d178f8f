// Conformance with real Jinja2. cases.json holds the templates Jinja2 3.1.2's own test suite
// renders, with the context it renders them with, and what real Jinja2 — configured as py-orc
// configures it — gives for each (jinja2-cases.py made it). Every run compares our engine
// with those expectations; where a Python with Jinja2 3.1.2 is at hand (CI installs Debian's
// python3-jinja2), every case is also rendered again by real Jinja2, so the expectations stay
// what Jinja2 says. Where we differ by design, the case is listed below with its reason and
// with what we give instead, so that neither side can change unnoticed.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError, renderTemplate } from '../../../workflows/lang/expr/index.js';

interface ConformanceCase {
  readonly id: string;
  readonly template: string;
  readonly context?: Record<string, unknown>;
  readonly expected?: string;
  readonly error?: string;
  readonly message?: string;
  readonly outOfScope?: string;
}

interface CasesFile {
  readonly jinja2: string;
  readonly settings: string;
  readonly cases: readonly ConformanceCase[];
}

const casesPath = fileURLToPath(new URL('cases.json', import.meta.url));
const scriptPath = fileURLToPath(new URL('jinja2-cases.py', import.meta.url));
const casesFile = JSON.parse(readFileSync(casesPath, 'utf8')) as CasesFile;
const inScope = casesFile.cases.filter((entry) => entry.outOfScope === undefined);
const outOfScope = casesFile.cases.filter((entry) => entry.outOfScope !== undefined);

/** Why we render differently from Jinja2, on purpose. */
const REASONS = {} as const;

type Ours = { readonly text: string } | { readonly error: true };

/** The cases where we differ from Jinja2 by design: why, and what we give instead. */
const DIFFERENCES: Readonly<Record<string, { readonly reason: keyof typeof REASONS; readonly ours: Ours }>> = {};

type Outcome = { readonly text: string } | { readonly error: string; readonly message: string };

function renderOurs(entry: ConformanceCase): Outcome {
  try {
    return { text: renderTemplate(entry.template, entry.context ?? {}, { now: () => '2024-03-05T14:07:09Z' }) };
  } catch (error) {
    if (error instanceof TemplateError) return { error: error.kind, message: error.message };
    throw error;
  }
}

const tally = { matching: 0, documented: 0, failing: [] as string[] };

afterAll(() => {
  console.log(
    `Jinja2 conformance: ${inScope.length} cases in scope, ${tally.matching} render as Jinja2 renders them, ` +
      `${tally.documented} differ by design (listed in this file), ${tally.failing.length} differ otherwise; ` +
      `${outOfScope.length} out of scope`,
  );
});

describe('our engine renders Jinja2’s own test templates as Jinja2 does', () => {
  it.each(inScope.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const ours = renderOurs(entry);
    const documented = DIFFERENCES[entry.id];
    const asJinja2 = entry.error === undefined ? 'text' in ours && ours.text === entry.expected : 'error' in ours;
    if (documented === undefined) {
      if (asJinja2) tally.matching += 1;
      else tally.failing.push(entry.id);
      if (entry.error !== undefined) expect(ours, entry.template).toHaveProperty('error');
      else expect(ours, entry.template).toEqual({ text: entry.expected });
      return;
    }
    expect(asJinja2, `${entry.id} is listed as a difference but renders as Jinja2 does: remove it`).toBe(false);
    tally.documented += 1;
    if ('error' in documented.ours) expect(ours, entry.template).toHaveProperty('error');
    else expect(ours, entry.template).toEqual(documented.ours);
  });

  it('lists only cases that exist', () => {
    const ids = new Set(inScope.map((entry) => entry.id));
    expect(Object.keys(DIFFERENCES).filter((id) => !ids.has(id))).toEqual([]);
  });
});

/** A Python whose Jinja2 is the version the cases were made with, or why there is none. */
function findJinja2(): { python: string } | { missing: string } {
  const found: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import jinja2; print(jinja2.__version__)'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const version = probe.status === 0 ? probe.stdout.trim() : undefined;
    if (version === casesFile.jinja2) return { python };
    if (version !== undefined) found.push(`${python} has Jinja2 ${version}`);
  }
  const seen = found.length > 0 ? found.join(', ') : 'no python3 with Jinja2';
  return { missing: `needs Jinja2 ${casesFile.jinja2} (apt-get install python3-jinja2); found ${seen}` };
}

const jinja2 = findJinja2();

describe('the expectations are still what real Jinja2 renders', () => {
  if ('missing' in jinja2) console.log(`skipping the re-render by real Jinja2: ${jinja2.missing}`);

  it.skipIf('missing' in jinja2)(`Jinja2 ${casesFile.jinja2} renders every case as cases.json says`, () => {
    if (!('python' in jinja2)) return;
    const rendered = spawnSync(jinja2.python, [scriptPath, 'render'], {
      input: readFileSync(casesPath),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(rendered.status, rendered.stderr).toBe(0);
    const now = JSON.parse(rendered.stdout) as CasesFile;
    expect(now.settings).toBe(casesFile.settings);
    const outcome = (entry: ConformanceCase): unknown =>
      entry.outOfScope !== undefined ? 'out of scope' : (entry.expected ?? `error ${entry.error ?? ''}`);
    expect(now.cases.map((entry) => [entry.id, outcome(entry)])).toEqual(
      casesFile.cases.map((entry) => [entry.id, outcome(entry)]),
    );
  });
});
