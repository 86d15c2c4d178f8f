// The text of a PDF as Chromium (Skia) writes it, for tests on machines without pdftotext:
// content streams are deflated, and text is drawn as glyph ids of Identity-H fonts whose
// ToUnicode maps give the characters back. Enough for Chromium's output, not a PDF parser.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dictionary: string;
  stream?: Buffer;
}

function objectsOf(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const body = match[2]!;
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt === -1) {
      objects.set(match[1]!, { dictionary: body });
      continue;
    }
    const dataStart =
      match.index + match[0].indexOf(body) + streamAt + (body.slice(streamAt).startsWith('stream\r\n') ? 8 : 7);
    const dataEnd = text.indexOf('endstream', dataStart);
    const raw = pdf.subarray(dataStart, dataEnd);
    const dictionary = body.slice(0, streamAt);
    objects.set(match[1]!, { dictionary, stream: /\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw });
  }
  return objects;
}

/** A ToUnicode CMap: glyph code (hex) → text. */
function cmapOf(source: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, unicode] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(code!.toUpperCase(), utf16(unicode!));
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, start] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = low!.length;
      for (let code = parseInt(low!, 16), offset = 0; code <= parseInt(high!, 16); code++, offset++) {
        map.set(
          code.toString(16).toUpperCase().padStart(width, '0'),
          String.fromCodePoint(parseInt(start!, 16) + offset),
        );
      }
    }
  }
  return map;
}

/** Every string drawn on every page, in drawing order, run together (layout breaks are not text). */
export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  const cmapOfFont = new Map<string, Map<string, string>>();
  for (const [id, object] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(object.dictionary)?.[1];
    const stream = toUnicode ? objects.get(toUnicode)?.stream : undefined;
    if (stream) cmapOfFont.set(id, cmapOf(stream.toString('latin1')));
  }
  let text = '';
  for (const page of objects.values()) {
    if (!/\/Type \/Page\b/.test(page.dictionary)) continue;
    const fonts = new Map(
      [...(/\/Font <<([^>]*)>>/.exec(page.dictionary)?.[1]?.matchAll(/\/(\w+) (\d+) 0 R/g) ?? [])].map(
        ([, name, id]) => [name!, id!],
      ),
    );
    const contents =
      objects.get(/\/Contents (\d+) 0 R/.exec(page.dictionary)?.[1] ?? '')?.stream?.toString('latin1') ?? '';
    let cmap = new Map<string, string>();
    for (const [, font, drawn] of contents.matchAll(/\/(\w+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9A-Fa-f]*>\s*Tj)/g)) {
      if (font) cmap = cmapOfFont.get(fonts.get(font) ?? '') ?? new Map();
      for (const [, hex] of drawn?.matchAll(/<([0-9A-Fa-f]*)>/g) ?? []) {
        for (let index = 0; index < hex!.length; index += 4)
          text += cmap.get(hex!.slice(index, index + 4).toUpperCase()) ?? '';
      }
    }
  }
  return text;
}
