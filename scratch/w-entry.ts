import { parentPort } from 'node:worker_threads';
import { parseHtml, readableText } from '../activities/tools/web/html.js';
parentPort!.on('message', (html: string) => { parentPort!.postMessage(readableText(parseHtml(html))); });
