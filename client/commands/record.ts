// `orc record RUN [-o FILE]`: a finished run as a cassette for `orc test` — the pipeline, its
// inputs and every tool and model call's answer by fingerprint (client/cassette-record.ts).
import { optionalString } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

export const recordCommand: CommandSpec = {
  name: 'record',
  summary: 'a finished run as a cassette (JSON) that orc test replays with no provider calls',
  arguments: ['<RUN>'],
  options: [{ flags: '-o, --output <FILE>', description: 'write the cassette to FILE (default: stdout)' }],
  details: `${RUN_DETAILS}\nSecrets stay tokens in the requests and are redacted from the answers. docs/forensics.md shows a worked example.`,
  run: async ({ args, options }, context) => {
    const [{ withEngine }, { cassetteOfRun }, { writeCassette }] = await Promise.all([
      import('../find-run.js'),
      import('../cassette-record.js'),
      import('../cassette-file.js'),
    ]);
    const output = optionalString(options.output);
    return await withEngine(context.note, async (engine) => {
      const { cassette, notes } = await cassetteOfRun(engine, args[0]!);
      for (const note of notes) context.note(`note: ${note}`);
      const calls = Object.keys(cassette.calls).length;
      if (output === undefined) context.print(JSON.stringify(cassette, null, 2));
      else {
        await writeCassette(output, cassette);
        context.note(
          `Recorded run ${cassette.recorded_from.workflow_id} (${calls} calls) into ${output}. orc test ${cassette.pipeline.file} --cassette ${output} replays it.`,
        );
      }
      return EXIT.ok;
    });
  },
};
