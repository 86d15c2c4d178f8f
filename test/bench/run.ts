// npm run bench [-- SCENARIO...]: runs the scenarios of test/bench/scenarios/ (all, or the
// ones named), prints one JSON object per scenario on its own line, and rewrites
// docs/performance.md. A scenario is one file there exporting `name` and `run`.
import { readdir } from 'node:fs/promises';
import { cpus, loadavg, platform, arch } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createBenchContext } from './bench-context.js';
import { writePerformanceDoc, type BenchRow } from './performance-doc.js';
import { isBenchScenario, type BenchScenario } from './scenario.js';

const scenariosFolder = new URL('./scenarios/', import.meta.url);
const performanceDoc = fileURLToPath(new URL('../../docs/performance.md', import.meta.url));

async function loadScenarios(): Promise<BenchScenario[]> {
  const files = (await readdir(scenariosFolder))
    .filter((file) => /\.ts$/.test(file) && !/\.(test|d)\.ts$/.test(file))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const module: unknown = await import(new URL(file, scenariosFolder).href);
      if (!isBenchScenario(module))
        throw new Error(`test/bench/scenarios/${file} must export "name" (a string) and "run" (a function)`);
      return module;
    }),
  );
}

function machine(loadBefore: number): string {
  const load = `load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`;
  return `${cpus().length} cores, Node ${process.version}, ${platform()} ${arch()}, ${load}`;
}

async function main(names: string[]): Promise<number> {
  const available = await loadScenarios();
  const unknown = names.filter((name) => !available.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown scenario ${unknown.map((name) => `"${name}"`).join(', ')}; available: ${available.map((scenario) => scenario.name).join(', ')}`,
    );
    return 2;
  }
  const chosen =
    names.length === 0 ? available : names.map((name) => available.find((scenario) => scenario.name === name)!);
  const context = createBenchContext();
  const rows: BenchRow[] = [];
  let failed = 0;
  try {
    for (const scenario of chosen) {
      try {
        const loadBefore = loadavg()[0]!;
        const result = await scenario.run(context);
        if ('skipped' in result) {
          // Skipped: said on the console; the document keeps the scenario's previous row.
          console.log(JSON.stringify({ scenario: scenario.name, skipped: result.skipped }));
          continue;
        }
        const row: BenchRow = {
          scenario: scenario.name,
          ...result,
          date: new Date().toISOString().slice(0, 10),
          machine: machine(loadBefore),
        };
        console.log(JSON.stringify(row));
        rows.push(row);
      } catch (error) {
        // The other scenarios still run; a failed one keeps its previous row in the document.
        failed++;
        console.error(`scenario ${scenario.name} failed:`, error);
      }
    }
  } finally {
    await context.close();
  }
  if (rows.length > 0) await writePerformanceDoc(performanceDoc, rows);
  return failed > 0 ? 1 : 0;
}

// Exit rather than wait for the event loop to drain: a scenario that failed half-way can leave
// a handle open (a connection, a child's pipe), and the bench must never hang after its table.
process.exit(await main(process.argv.slice(2).filter((argument) => !argument.startsWith('-'))));
