// The one way run, rerun, test and schedule read a run's inputs (client/parse-inputs.ts): what
// the command starts from (a recording's, a source run's or a schedule block's inputs), then
// --inputs, then -i, the later winning, checked against the parameters.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../../client/exit-codes.js';
import { declaredInputs, resolveInputs } from '../../client/parse-inputs.js';
import { compileTest } from '../support/test-tools.js';

const ir = compileTest(`
id: greet
parameters:
  who: {type: string}
  times: {type: integer, default: 1}
  loud: {type: boolean, default: false}
steps:
  - {id: say, tool: test, action: echo, parameters: {value: "{{ who }}"}}
`);

describe('resolveInputs', () => {
  it('takes the base, then --inputs, then -i, the later winning, with the defaults filled in', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'orc-inputs-')), 'inputs.json');
    await writeFile(file, JSON.stringify({ who: 'file', times: 2 }));
    const base = { who: 'base', times: 5, loud: true };
    expect(await resolveInputs(ir, { inputs: [], inputsFile: file }, { base })).toEqual({
      who: 'file',
      times: 2,
      loud: true,
    });
    expect(await resolveInputs(ir, { inputs: ['times=3'], inputsFile: file }, { base })).toEqual({
      who: 'file',
      times: 3,
      loud: true,
    });
    expect(await resolveInputs(ir, { inputs: ['who=ada'] })).toEqual({ who: 'ada', times: 1, loud: false });
  });

  it('changes the merged inputs before the check when asked (orc run -o)', async () => {
    const adjust = (given: Record<string, unknown>) => ({ ...given, who: `${String(given.who)}!` });
    expect(await resolveInputs(ir, { inputs: ['who=ada'] }, { adjust })).toMatchObject({ who: 'ada!' });
  });

  it('refuses inputs that do not fit, every problem at once, with exit 2 and the hint', async () => {
    const refused = await resolveInputs(
      ir,
      { inputs: ['times=many'] },
      { base: { colour: 'red' }, hint: 'or under schedule.inputs' },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CliError);
    const { message, exitCode, hint } = refused as CliError;
    expect(exitCode).toBe(EXIT.invalid);
    expect(hint).toBe('or under schedule.inputs');
    expect(message).toMatch(/^invalid inputs for "greet":\n {2}/);
    expect(message).toContain('who');
    expect(message).toContain('times');
    expect(message).toContain('colour');
  });

  it('keeps only the inputs the pipeline still declares (a rerun of an edited file, an old recording)', () => {
    expect(declaredInputs(ir, { who: 'ada', dropped: 1 })).toEqual({ who: 'ada' });
  });
});
