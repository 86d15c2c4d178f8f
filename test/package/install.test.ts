// The package as users get it: `npm pack` (which builds dist/), `npm install -g --prefix` of the
// tarball into a throwaway prefix, then the installed `orc` run from a folder outside the
// checkout against the suite's dev server. The dependencies come from the npm cache through a
// registry on 127.0.0.1 (local-registry.ts says why), so no test reaches the internet.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';
import { startLocalRegistry } from './local-registry.js';

const run = promisify(execFile);
const MINUTE = 60_000;

let scratch: string;
let tarball: string;
let tarballFiles: string[];
let installWarnings: string[];
let installedOrc: string;

/** The environment without what the suite sets for spawned checkouts and what npm passes to scripts. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(npm_|ORC_|TEMPORAL_)/i.test(name) && name !== 'NODE_OPTIONS') env[name] = value;
  // The installed `orc` starts with `#!/usr/bin/env node`: this Node, whatever else is on PATH.
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
  return { ...env, NO_COLOR: '1', ...extra };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'orc-package-'));
  const packed = await run('npm', ['pack', '--pack-destination', scratch, '--no-update-notifier'], {
    cwd: repoRoot,
    env: cleanEnvironment({}),
    timeout: 10 * MINUTE,
    maxBuffer: 64 * 1024 * 1024,
  });
  tarball = join(scratch, packed.stdout.trim().split('\n').at(-1)!);
  tarballFiles = (await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 })).stdout.trim().split('\n');
  const registry = await startLocalRegistry(repoRoot);
  try {
    const prefix = join(scratch, 'prefix');
    const installed = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, tarball, '--registry', registry.url, '--no-audit', '--no-fund'],
      { cwd: scratch, env: cleanEnvironment({ npm_config_update_notifier: 'false' }), timeout: 10 * MINUTE },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(
        `npm install -g of the tarball failed (tarballs npm did not find in its cache: ${registry.missedTarballs.join(', ') || 'none'}):\n${error.stderr ?? error.message}`,
      );
    });
    installWarnings = installed.stderr.split('\n').filter((line) => /\bwarn/i.test(line));
    installedOrc = join(prefix, 'bin', 'orc');
  } finally {
    await registry.close();
  }
}, 20 * MINUTE);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Runs the installed `orc` in `cwd`, bounded in time. */
function orc(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 2 * MINUTE) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(installedOrc, args, {
      cwd,
      env: cleanEnvironment({ PWD: cwd, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`orc ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the packed package', () => {
  it('holds the compiled code, the prebuilt workflow bundle and the example pipelines, and nothing else', () => {
    expect(tarballFiles).toContain('package/bin/orc.js');
    expect(tarballFiles).toContain('package/dist/client/cli.js');
    expect(tarballFiles).toContain('package/dist/workflow-bundle.js');
    expect(tarballFiles).toContain('package/dist/activities/models/registry/models.yaml');
    expect(tarballFiles).toContain('package/pipelines/hello.yaml');
    expect(tarballFiles).toContain('package/LICENSE');
    const unexpected = tarballFiles.filter(
      (file) =>
        !/^package\/(bin\/|dist\/|pipelines\/|docs\/pipeline\.schema\.json$|package\.json$|README\.md$|LICENSE$)/.test(
          file,
        ) || file.endsWith('.ts'),
    );
    expect(unexpected).toEqual([]);
  });

  it('installs globally with no warnings', () => {
    expect(installWarnings).toEqual([]);
    expect(existsSync(installedOrc)).toBe(true);
  });

  it(
    'runs orc --version, orc validate and orc run of hello.yaml from a folder outside the checkout',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'orc-user-'));
      try {
        await copyFile(join(repoRoot, 'pipelines', 'hello.yaml'), join(folder, 'hello.yaml'));
        const version = await orc(['--version'], folder);
        expect(version.code, version.stderr).toBe(0);
        expect(version.stdout).toMatch(/^orc \d+\.\d+\.\d+/);

        const validated = await orc(['validate', 'hello.yaml'], folder);
        expect(validated.code, validated.stderr).toBe(0);
        expect(validated.stdout + validated.stderr).toContain('hello.yaml: valid');

        const dataDir = join(folder, 'data');
        const ran = await orc(['run', 'hello.yaml', '-i', 'name=Installed', '--json'], folder, {
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          ORC_TASK_QUEUE: uniqueTaskQueue('package'),
          ORC_DATA_DIR: dataDir,
        });
        expect(ran.code, ran.stderr).toBe(0);
        const document = JSON.parse(ran.stdout) as ResultDocument;
        expect(document).toMatchObject({ success: true, outputs: { greeting: 'Hello, Installed!' } });
        // The workspace defaults to the current folder's, and the in-process worker used the
        // shipped workflow bundle: nothing was bundled into the data folder.
        expect(existsSync(join(folder, 'workspace', document.outputs.report as string))).toBe(true);
        expect(existsSync(join(dataDir, 'bundles'))).toBe(false);
        expect(await readdir(folder)).toEqual(expect.arrayContaining(['hello.yaml', 'workspace']));
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    5 * MINUTE,
  );

  it('loads a custom tool: JavaScript as it is, TypeScript where Node strips types, else says what to do', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-user-tools-'));
    try {
      const tool = (annotation: string) =>
        `export default {\n  definition: { name: 'shout', description: 'Upper-cases text.', actions: {\n` +
        `    say: { description: 'Upper-cases it.', result: '{ text }',\n` +
        `      parameters: { text: { type: 'string', required: true, description: 'the text' } } } } },\n` +
        `  implementation: { say: async (parameters${annotation}) => ({ text: String(parameters.text).toUpperCase() }) },\n};\n`;
      await writeFile(join(folder, 'shout.js'), tool(''));
      await writeFile(join(folder, 'shout.ts'), tool(': Record<string, unknown>'));
      await writeFile(
        join(folder, 'shout.yaml'),
        'id: shout\nsteps:\n  - {id: loud, tool: shout, action: say, parameters: {text: hi}}\n',
      );
      const javascript = await orc(['validate', 'shout.yaml'], folder, { ORC_TOOLS: 'shout.js' });
      expect(javascript.code, javascript.stderr).toBe(0);

      const typescript = await orc(['validate', 'shout.yaml'], folder, { ORC_TOOLS: 'shout.ts' });
      if ((process.features as { typescript?: unknown }).typescript) {
        expect(typescript.code, typescript.stderr).toBe(0);
      } else {
        expect(typescript.code).toBe(2);
        expect(typescript.stderr).toContain('is TypeScript, which Node');
        expect(typescript.stderr).toContain('compile it to JavaScript, use Node 22.18 or newer, or install tsx');
        // With tsx installed beside the module (here: linked to the checkout's), it loads.
        await mkdir(join(folder, 'node_modules'));
        await symlink(join(process.cwd(), 'node_modules', 'tsx'), join(folder, 'node_modules', 'tsx'));
        const withTsx = await orc(['validate', 'shout.yaml'], folder, { ORC_TOOLS: 'shout.ts' });
        expect(withTsx.code, withTsx.stderr).toBe(0);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it(
    'reads a page with the web tool, whose HTML reader threads run the compiled code',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'orc-user-web-'));
      const page = createServer((_request, response) =>
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body><nav>menu</nav><main><p>Compiled threads read this.</p></main></body></html>'),
      );
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
        await writeFile(
          join(folder, 'read.yaml'),
          `id: read\nsteps:\n  - {id: page, tool: web, action: fetch, parameters: {url: "${url}"}}\n` +
            'outputs:\n  text: "{{ page.readable_text }}"\n',
        );
        const ran = await orc(['run', 'read.yaml', '--json'], folder, {
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          ORC_TASK_QUEUE: uniqueTaskQueue('package-web'),
          ORC_DATA_DIR: join(folder, 'data'),
          // The page is on this machine, which the web tools refuse unless told otherwise.
          ORC_WEB_ALLOW_PRIVATE: '1',
        });
        expect(ran.code, ran.stderr).toBe(0);
        expect((JSON.parse(ran.stdout) as ResultDocument).outputs.text).toBe('Compiled threads read this.');
      } finally {
        await new Promise((resolve) => page.close(resolve));
        await rm(folder, { recursive: true, force: true });
      }
    },
    5 * MINUTE,
  );
});
