// Rendering a vega-lite spec to SVG with vega's headless view (renderer 'none': no canvas, no
// DOM). The view's loader refuses every URL, so a chart can never make the worker fetch or read
// a file, whatever ends up in the spec. vega and vega-lite are loaded by the first chart, not
// when the worker starts (together about 20 MB that most workers never use).
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { badInput } from '../data-processing/index.js';

/**
 * A loader for vega that loads nothing: data, images and links are refused, and noted in
 * `refused` — vega logs a failed load and draws without the data, which must not pass quietly.
 */
export function refusingLoader(refused: string[]): Vega.Loader {
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(new Error(`charts draw inline data only; refusing to load "${uri}"`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  // Warnings (e.g. a dropped null) would flood the worker's log; errors still throw.
  const logger = vega.logger(vega.Error);
  const refused: string[] = [];
  let view: Vega.View | undefined;
  try {
    const compiled = compile(spec, { logger });
    view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', loader: refusingLoader(refused), logger });
    const svg = await view.toSVG();
    if (refused.length > 0) throw new Error(`charts draw inline data only; refusing to load "${refused[0]}"`);
    return svg;
  } catch (error) {
    // The same spec fails the same way on every attempt: not worth a retry.
    throw badInput(`could not draw the chart: ${(error as Error).message}`);
  } finally {
    view?.finalize();
  }
}
