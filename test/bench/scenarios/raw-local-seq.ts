// raw-local-seq: raw-seq's hand-written workflow calling a no-op *local* activity 200 times in
// sequence: the floor under `seq`'s local steps.
import type { BenchContext } from '../bench-context.js';
import type { BenchResult } from '../scenario.js';
import { measureRawSequence, rawResult } from './raw-seq.js';

export const name = 'raw-local-seq';

export async function run(context: BenchContext): Promise<BenchResult> {
  return rawResult(await measureRawSequence(context, 'local'), 'local');
}
