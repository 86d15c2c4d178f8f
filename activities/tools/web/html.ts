// Reading HTML with cheerio: readable text (no scripts, styles or site chrome; the main content
// preferred), links, and the metadata in meta tags. Runs in a worker thread (html-thread.ts):
// parsing a big page takes seconds. Nesting is capped before parsing (html-nesting.ts) and the
// tree is walked without recursion, so a deep page costs neither minutes nor the stack.
import { load, type CheerioAPI } from 'cheerio';
import { capNesting } from './html-nesting.js';

/** The parts of a domhandler node this file reads (cheerio does not export the type). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

const NEVER_TEXT = 'script, style, noscript, template, svg, canvas, iframe, object, embed, head';
const CHROME = 'nav, aside, form, dialog, [role=navigation], [role=complementary], [role=search], [aria-hidden=true]';
const BLOCK = new Set(
  'address article aside blockquote body br dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

export function parseHtml(html: string): CheerioAPI {
  return load(capNesting(html));
}

/**
 * The readable text of a page. With `mainOnly`: navigation, asides, forms, and headers and
 * footers outside the content are dropped, and `main` (or the articles) is preferred over the
 * whole body. Whitespace is collapsed: one line per block, no empty lines.
 */
export function readableText(html: string, mainOnly = true): string {
  // A page of its own: what is removed here must not be missing from links and metadata.
  const page = parseHtml(html);
  page(NEVER_TEXT).remove();
  if (!mainOnly) return textOf(page('body').get() as unknown as DomNode[]);
  page(CHROME).remove();
  page('header, footer, [role=banner], [role=contentinfo]')
    .filter((_, element) => page(element).parents('article, main, [role=main]').length === 0)
    .remove();
  const main = page('main, [role=main]').first();
  const roots = main.length ? main : page('article').length ? page('article') : page('body');
  return textOf(roots.get() as unknown as DomNode[]);
}

/** Text of nodes, a line per block element, whitespace collapsed. */
export function textOf(nodes: DomNode[]): string {
  const parts: string[] = [];
  // Depth-first with an explicit stack; a string on it is a block's closing line break.
  const stack: (DomNode | string)[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') parts.push(node);
    else if (node.type === 'text') parts.push((node.data ?? '').replace(/\s+/g, ' '));
    else if (node.type === 'tag' || node.type === 'root') {
      const block = node.name !== undefined && BLOCK.has(node.name);
      if (block) {
        parts.push('\n');
        stack.push('\n');
      }
      for (let index = (node.children?.length ?? 0) - 1; index >= 0; index--) stack.push(node.children![index]!);
    }
  }
  return collapse(parts.join(''));
}

/** All text below the nodes, as cheerio's .text() gives it, without recursion. */
function plainText(nodes: DomNode[]): string {
  const parts: string[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') parts.push(node.data ?? '');
    for (let index = (node.children?.length ?? 0) - 1; index >= 0; index--) stack.push(node.children![index]!);
  }
  return parts.join('');
}

export function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Text of the elements matching a selector, with the rest of the page's scripts and styles dropped. */
export function selectedText(pageHtml: string, selector: string): { text: string; html: string; count: number } {
  const page = parseHtml(pageHtml);
  page('script, style, noscript, template').remove();
  const matches = page(selector);
  const html = matches
    .toArray()
    .map((element) => page.html(element))
    .join('\n');
  return {
    text: matches
      .toArray()
      .map((element) => textOf([element as unknown as DomNode]))
      .filter((text) => text !== '')
      .join('\n'),
    html,
    count: matches.length,
  };
}

export function pageTitle($: CheerioAPI): string {
  const text = (selector: string) => plainText($(selector).first().get() as unknown as DomNode[]);
  return collapse(text('head > title') || text('title') || meta($, 'og:title') || text('h1'));
}

export interface PageLink {
  text: string;
  url: string;
}

/** Every http(s) link, made absolute against `base`. */
export function pageLinks($: CheerioAPI, base: string, limit = 1000): PageLink[] {
  const links: PageLink[] = [];
  const baseHref = $('base[href]').attr('href');
  let baseUrl: URL;
  try {
    baseUrl = new URL(baseHref ?? base, base);
  } catch {
    baseUrl = new URL(base);
  }
  for (const element of $('a[href]').toArray()) {
    if (links.length >= limit) break;
    try {
      const url = new URL($(element).attr('href')!, baseUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:')
        links.push({ text: collapse(plainText([element as unknown as DomNode])), url: url.href });
    } catch {
      // An href that is no URL is not a link.
    }
  }
  return links;
}

export interface PageMetadata {
  author: string | null;
  published: string | null;
  description: string | null;
  language: string | null;
}

export function pageMetadata($: CheerioAPI, contentLanguage?: string): PageMetadata {
  const ld = jsonLd($);
  return {
    author:
      meta($, 'author') ||
      meta($, 'article:author') ||
      meta($, 'dc.creator') ||
      ld.author ||
      collapse(plainText($('[rel=author]').first().get() as unknown as DomNode[])) ||
      null,
    published:
      meta($, 'article:published_time') ||
      meta($, 'date') ||
      meta($, 'publish-date') ||
      meta($, 'dc.date') ||
      $('[itemprop=datePublished]').attr('content') ||
      ld.published ||
      $('time[datetime]').first().attr('datetime') ||
      null,
    description: meta($, 'description') || meta($, 'og:description') || meta($, 'twitter:description') || null,
    language:
      $('html').attr('lang') ||
      $('meta[http-equiv="content-language" i]').attr('content') ||
      contentLanguage?.split(',')[0]?.trim() ||
      null,
  };
}

/** A meta tag's content by name or property (case-insensitive). */
function meta($: CheerioAPI, name: string): string | undefined {
  const value = $(`meta[name="${name}" i], meta[property="${name}" i]`).first().attr('content')?.trim();
  return value || undefined;
}

function jsonLd($: CheerioAPI): { author?: string; published?: string } {
  for (const script of $('script[type="application/ld+json"]').toArray()) {
    try {
      const data = JSON.parse($(script).text()) as unknown;
      for (const item of Array.isArray(data) ? data : [data]) {
        if (!item || typeof item !== 'object') continue;
        const record = item as Record<string, unknown>;
        const author = Array.isArray(record.author) ? record.author[0] : record.author;
        const authorName =
          typeof author === 'string'
            ? author
            : author && typeof author === 'object'
              ? (author as Record<string, unknown>).name
              : undefined;
        const published = record.datePublished;
        if (authorName || published)
          return {
            author: typeof authorName === 'string' ? authorName : undefined,
            published: typeof published === 'string' ? published : undefined,
          };
      }
    } catch {
      // Broken JSON-LD is common; the meta tags still count.
    }
  }
  return {};
}
