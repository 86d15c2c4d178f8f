// Where, in one script a process ran, to read the counts of one file's statements, functions and
// branches. The file's coverage entries (istanbul's, as vitest made them from its own transform of
// the file) stay the unit of measure; a process's script only adds how often each one ran, read at
// the offsets its own transform (tsx's, the workflow bundle's) put the entry's first token at.
import { readFileSync } from 'node:fs';
import type { GeneratedPositions, Position } from './generated-positions.js';
import { ifArms, type Arm } from './if-arms.js';
import type { Counts } from './script-totals.js';

export interface Location {
  start: Position;
  end: Position;
}

/** The part of istanbul's FileCoverage data we read and add to. */
export interface FileCoverageData {
  path: string;
  statementMap: Record<string, Location>;
  fnMap: Record<string, { loc: Location }>;
  branchMap: Record<string, { type: string; loc: Location; locations: Location[] }>;
  s: Record<string, number>;
  f: Record<string, number>;
  b: Record<string, number[]>;
}

/** A count read at offsets; `elseOf`: an implicit else, run as often as its if minus its consequent. */
type Probe = { offsets: number[] } | { elseOf: { statement: number[]; consequent: number[] } };

export class FileProbes {
  private readonly statements: [string, number[]][] = [];
  private readonly functions: [string, number[]][] = [];
  private readonly branches: [string, Probe[]][] = [];

  constructor(
    private readonly data: FileCoverageData,
    positions: GeneratedPositions,
  ) {
    const at = (location: Location) => positions.offsetsAt(data.path, location.start, location.end);
    for (const [id, location] of Object.entries(data.statementMap)) this.statements.push([id, at(location)]);
    for (const [id, { loc }] of Object.entries(data.fnMap)) this.functions.push([id, at(loc)]);
    let arms: Map<string, { consequent?: Arm; alternate?: Arm }> | undefined;
    for (const [id, branch] of Object.entries(data.branchMap)) {
      if (branch.type !== 'if') {
        this.branches.push([id, branch.locations.map((location) => ({ offsets: at(location) }))]);
        continue;
      }
      // istanbul keeps an if's own location in place of its consequent's: find the arms in the source.
      arms ??= ifArms(data.path, readFileSync(data.path, 'utf8'));
      const found = arms.get(`${branch.loc.start.line}:${branch.loc.start.column}`);
      if (!found) continue;
      const consequent = found.consequent ? at(found.consequent) : [];
      const alternate: Probe = found.alternate
        ? { offsets: at(found.alternate) }
        : { elseOf: { statement: at(branch.loc), consequent } };
      this.branches.push([id, [{ offsets: consequent }, alternate]]);
    }
  }

  /** Adds what the runs of the script (their execution counts) did to the file's counts. */
  add(counts: Counts): void {
    for (const [id, offsets] of this.statements) this.data.s[id] = (this.data.s[id] ?? 0) + counts.most(offsets);
    for (const [id, offsets] of this.functions) this.data.f[id] = (this.data.f[id] ?? 0) + counts.most(offsets);
    for (const [id, probes] of this.branches) {
      const hits = (this.data.b[id] ??= probes.map(() => 0));
      probes.forEach((probe, index) => {
        hits[index] = (hits[index] ?? 0) + read(probe, counts);
      });
    }
  }
}

function read(probe: Probe, counts: Counts): number {
  if ('offsets' in probe) return counts.most(probe.offsets);
  if (probe.elseOf.statement.length === 0 || probe.elseOf.consequent.length === 0) return 0;
  return Math.max(0, counts.most(probe.elseOf.statement) - counts.most(probe.elseOf.consequent));
}
