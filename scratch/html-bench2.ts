import { load } from 'cheerio';
import { parseDocument } from 'htmlparser2';
for (const depth of [10_000, 40_000, 400_000]) {
  const html = '<html><body>' + '<div>'.repeat(depth) + 'x' + '</div>'.repeat(depth) + '</body></html>';
  let t = performance.now();
  parseDocument(html);
  console.log('htmlparser2', depth, html.length, Math.round(performance.now() - t));
}
// parse5 with bounded depth but big doc
for (const d of [100, 256, 1000]) {
  const block = '<div>'.repeat(d) + 'x' + '</div>'.repeat(d);
  const html = '<html><body>' + block.repeat(Math.floor(5_000_000 / block.length)) + '</body></html>';
  const t = performance.now();
  load(html);
  console.log('parse5 bounded', d, html.length, Math.round(performance.now() - t));
}
