// What the web tools want from an HTML page, computed in one call that plain JSON goes into and
// comes out of — so it can run in a worker thread (html-thread.ts).
import {
  pageLinks,
  pageMetadata,
  pageTitle,
  parseHtml,
  readableText,
  selectedText,
  type PageLink,
  type PageMetadata,
} from './html.js';

export interface HtmlRequest {
  html: string;
  /** The readable text: of the main content, or of the whole page. */
  readable?: 'main' | 'all';
  /** A CSS selector: the text, HTML and count of the matching elements. */
  selector?: string;
  /** The page's URL, to collect its links against. */
  linksBase?: string;
  title?: boolean;
  /** The page's metadata; the Content-Language header fills in a missing `lang`. */
  metadata?: { contentLanguage?: string };
}

export interface HtmlAnalysis {
  readable?: string;
  selected?: { text: string; html: string; count: number };
  /** Why `selector` is not valid CSS. */
  invalidSelector?: string;
  links?: PageLink[];
  title?: string;
  metadata?: PageMetadata;
}

export function analyseHtml(request: HtmlRequest): HtmlAnalysis {
  const analysis: HtmlAnalysis = {};
  if (request.readable !== undefined) analysis.readable = readableText(request.html, request.readable === 'main');
  if (request.selector !== undefined) {
    try {
      analysis.selected = selectedText(request.html, request.selector);
    } catch (error) {
      analysis.invalidSelector = (error as Error).message;
    }
  }
  if (request.linksBase === undefined && !request.title && request.metadata === undefined) return analysis;
  const $ = parseHtml(request.html);
  if (request.linksBase !== undefined) analysis.links = pageLinks($, request.linksBase);
  if (request.title) analysis.title = pageTitle($);
  if (request.metadata !== undefined) analysis.metadata = pageMetadata($, request.metadata.contentLanguage);
  return analysis;
}
