// The way back through a source map: from a position in one of our .ts files to the offsets in
// the code a process really ran (tsx's output, or the webpack/swc workflow bundle) that came from
// it. Source map lines are 0-based here, istanbul's 1-based; columns are 0-based in both.
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawSourceMap } from './raw-coverage-file.js';

export interface Position {
  line: number;
  column: number;
}

/** Mappings of one source, sorted by original position: [line, column, generated offset] triples. */
type SourceMappings = number[];

export class GeneratedPositions {
  private readonly bySource = new Map<string, SourceMappings>();

  /** `lineLengths`: the generated code's line lengths, as Node records them in its source-map-cache. */
  constructor(map: RawSourceMap, lineLengths: number[], wanted: (path: string) => boolean) {
    const lineStarts = [0];
    for (const length of lineLengths) lineStarts.push(lineStarts[lineStarts.length - 1]! + length + 1);
    const sourceIndexes = new Map<number, string>();
    map.sources.forEach((source, index) => {
      const path = sourcePath(source);
      if (path && wanted(path)) sourceIndexes.set(index, path);
    });
    const triples = new Map<number, number[][]>();
    decodeMappings(map.mappings, (generatedLine, generatedColumn, source, line, column) => {
      if (!sourceIndexes.has(source)) return;
      const list = triples.get(source) ?? triples.set(source, []).get(source)!;
      list.push([line, column, lineStarts[generatedLine]! + generatedColumn]);
    });
    for (const [source, list] of triples) {
      list.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      this.bySource.set(sourceIndexes.get(source)!, list.flat());
    }
  }

  /** Every offset of the generated code that a wanted source's position maps to, ascending. */
  generatedOffsets(): number[] {
    const offsets = new Set<number>();
    for (const mappings of this.bySource.values()) for (let index = 2; index < mappings.length; index += 3) offsets.add(mappings[index]!);
    return [...offsets].sort((a, b) => a - b);
  }

  /** Absolute paths of the wanted sources this map covers. */
  sources(): string[] {
    return [...this.bySource.keys()];
  }

  /**
   * Generated offsets of the first mapped position at or after `start` and before `end` (1-based
   * lines): a statement's first token, or the first one after it that has a mapping. Several when
   * the transform duplicated the code; none when nothing in that range reached the output.
   */
  offsetsAt(path: string, start: Position, end: Position): number[] {
    const mappings = this.bySource.get(path);
    if (!mappings) return [];
    let low = 0;
    let high = mappings.length / 3;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(mappings, middle, start.line - 1, start.column) < 0) low = middle + 1;
      else high = middle;
    }
    // An end at or before the start (a location squeezed by its own mapping) bounds nothing: the line does.
    const until = end.line > start.line || (end.line === start.line && end.column > start.column) ? end : { line: start.line + 1, column: 0 };
    if (low === mappings.length / 3 || compare(mappings, low, until.line - 1, until.column) >= 0) return [];
    const line = mappings[low * 3]!;
    const column = mappings[low * 3 + 1]!;
    const offsets: number[] = [];
    for (let index = low; index < mappings.length / 3 && compare(mappings, index, line, column) === 0; index++)
      offsets.push(mappings[index * 3 + 2]!);
    return offsets;
  }
}

function compare(mappings: SourceMappings, index: number, line: number, column: number): number {
  return mappings[index * 3]! - line || mappings[index * 3 + 1]! - column;
}

function sourcePath(source: string): string | undefined {
  if (source.startsWith('file://')) return fileURLToPath(source);
  return isAbsolute(source) ? source : undefined;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64].map((character, index) => [character.charCodeAt(0), index]));

/** The source map "mappings" field (base64 VLQ), segment by segment, with absolute values. */
function decodeMappings(
  mappings: string,
  onSegment: (generatedLine: number, generatedColumn: number, source: number, line: number, column: number) => void,
): void {
  let generatedLine = 0;
  let generatedColumn = 0;
  let source = 0;
  let line = 0;
  let column = 0;
  let index = 0;
  const fields: number[] = [];
  while (index < mappings.length) {
    const character = mappings[index];
    if (character === ';' || character === ',') {
      if (character === ';') {
        generatedLine++;
        generatedColumn = 0;
      }
      index++;
      continue;
    }
    fields.length = 0;
    while (index < mappings.length && mappings[index] !== ',' && mappings[index] !== ';') {
      const [value, next] = decodeVlq(mappings, index);
      fields.push(value);
      index = next;
    }
    generatedColumn += fields[0]!;
    if (fields.length < 4) continue;
    source += fields[1]!;
    line += fields[2]!;
    column += fields[3]!;
    onSegment(generatedLine, generatedColumn, source, line, column);
  }
}

function decodeVlq(text: string, start: number): [number, number] {
  let result = 0;
  let shift = 0;
  let index = start;
  for (;;) {
    const digit = BASE64_VALUES.get(text.charCodeAt(index++));
    if (digit === undefined) throw new Error(`bad base64 VLQ digit at ${index - 1} of a source map`);
    result += (digit & 31) << shift;
    if ((digit & 32) === 0) break;
    shift += 5;
  }
  const negative = result & 1;
  result >>>= 1;
  return [negative ? -result : result, index];
}
