// The databases and their schema, set up with Temporal's own tool (temporal-sql-tool) the way
// Temporal's docs and images do it: create the database, set up the base schema (version 0.0),
// then apply every versioned step up to the server's version.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './commands.js';
import { POSTGRES_USER } from './postgres.js';

export const POSTGRES_PLUGIN = 'postgres12';

export interface SchemaTarget {
  sqlTool: string;
  /** `.../schema/postgresql/v12` of the server's version. */
  postgresSchema: string;
  port: number;
  password: string;
  /** Where markers of databases already set up are kept (the persistent cluster reuses them). */
  markerDir: string;
}

/** The persistence database (`temporal`) and the visibility database (`visibility`). */
export async function applySchema(target: SchemaTarget, database: string, kind: 'temporal' | 'visibility') {
  const run = (args: string[]) =>
    runCommand(
      target.sqlTool,
      ['--plugin', POSTGRES_PLUGIN, '--ep', '127.0.0.1', '--port', String(target.port), '--db', database, ...args],
      { env: { ...process.env, SQL_USER: POSTGRES_USER, SQL_PASSWORD: target.password }, timeoutMs: 120_000 },
    );
  const marker = join(target.markerDir, `${database}.schema-set-up`);
  if (!existsSync(marker)) {
    await run(['create-database']);
    await run(['setup-schema', '-v', '0.0']);
    await writeFile(marker, new Date().toISOString() + '\n');
  }
  // Idempotent: applies only the versions past the database's own (an upgrade after a new build).
  await run(['update-schema', '-d', join(target.postgresSchema, kind, 'versioned')]);
}
