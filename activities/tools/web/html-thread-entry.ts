// The worker thread that reads HTML for the web tools (started by html-thread.ts): one request
// at a time, answered with plain JSON.
import { parentPort } from 'node:worker_threads';
import { analyseHtml, type HtmlRequest } from './html-analysis.js';

parentPort!.on('message', (request: HtmlRequest) => {
  try {
    parentPort!.postMessage({ analysis: analyseHtml(request) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort!.postMessage({ ready: true });
