// One raw coverage file as Node writes it for NODE_V8_COVERAGE: a whole process's or thread's
// coverage — Node's internals, node_modules and, for an `orc` process, every source map it loaded
// (about 17 MB). Only a few hundred kilobytes of it are ours, so instead of parsing all of it we
// find our scripts by their "url" key and parse just those entries (and their source maps).
// A raw quote never occurs inside a JSON string, so a key pattern starting with one cannot match
// inside sourcesContent or a function name.

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

export interface V8Function {
  functionName: string;
  ranges: V8Range[];
}

export interface ScriptCoverage {
  url: string;
  functions: V8Function[];
}

export interface RawSourceMap {
  sources: string[];
  mappings: string;
  sourceRoot?: string;
  file?: string;
}

/** Node's source-map-cache entry of a script: its line lengths and, parsed on request, its map. */
export interface CachedSourceMap {
  /** The line lengths as JSON text: with the url, what identifies one transform of a file. */
  lineLengthsText: string;
  lineLengths(): number[];
  map(): RawSourceMap | undefined;
}

export interface RawCoverageFile {
  scripts: ScriptCoverage[];
  sourceMap(url: string): CachedSourceMap | undefined;
}

const URL_KEY = Buffer.from('"url":"');
const SCRIPT_START = Buffer.from('{"scriptId":');
const SOURCE_MAP_CACHE = Buffer.from('"source-map-cache":{');
const LINE_LENGTHS_KEY = Buffer.from('":{"lineLengths":');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The scripts whose url `wanted` accepts; undefined when the file is cut short (a process still writing it). */
export function readRawCoverage(bytes: Buffer, wanted: (url: string) => boolean): RawCoverageFile | undefined {
  if (!endsAnObject(bytes)) return undefined;
  const cacheStart = bytes.indexOf(SOURCE_MAP_CACHE);
  const resultEnd = cacheStart === -1 ? bytes.length : cacheStart;
  const scripts: ScriptCoverage[] = [];
  for (let at = bytes.indexOf(URL_KEY); at !== -1 && at < resultEnd; at = bytes.indexOf(URL_KEY, at + 1)) {
    const urlStart = at + URL_KEY.length;
    const url = bytes.toString('utf8', urlStart, bytes.indexOf(QUOTE, urlStart));
    if (!wanted(url)) continue;
    const start = bytes.lastIndexOf(SCRIPT_START, at);
    const end = start === -1 ? -1 : endOfJsonValue(bytes, start);
    if (end === -1) return undefined;
    scripts.push(JSON.parse(bytes.toString('utf8', start, end)) as ScriptCoverage);
    at = end;
  }
  const sourceMaps = cacheStart === -1 ? new Map<string, CachedSourceMap>() : cachedSourceMaps(bytes, cacheStart, wanted);
  if (!sourceMaps) return undefined;
  return { scripts, sourceMap: (url) => sourceMaps.get(url) };
}

function cachedSourceMaps(bytes: Buffer, from: number, wanted: (url: string) => boolean) {
  const maps = new Map<string, CachedSourceMap>();
  // "lineLengths" is no key of a source map, and a raw quote never occurs inside a JSON string:
  // the search can go on from the line lengths, without finding where each map ends first.
  for (let at = bytes.indexOf(LINE_LENGTHS_KEY, from); at !== -1; at = bytes.indexOf(LINE_LENGTHS_KEY, at + 1)) {
    const url = bytes.toString('utf8', bytes.lastIndexOf(QUOTE, at - 1) + 1, at);
    if (!wanted(url)) continue;
    const entryStart = at + 2;
    const lengthsStart = at + LINE_LENGTHS_KEY.length;
    const lengthsEnd = endOfJsonValue(bytes, lengthsStart);
    if (lengthsEnd === -1) return undefined;
    const lineLengthsText = bytes.toString('utf8', lengthsStart, lengthsEnd);
    maps.set(url, {
      lineLengthsText,
      lineLengths: () => JSON.parse(lineLengthsText) as number[],
      map: () => {
        const entryEnd = endOfJsonValue(bytes, entryStart);
        return entryEnd === -1
          ? undefined
          : (JSON.parse(bytes.toString('utf8', entryStart, entryEnd)) as { data?: RawSourceMap }).data;
      },
    });
    at = lengthsEnd;
  }
  return maps;
}

/** The offset just past the JSON object or array that starts at `start`; -1 if the text ends first. */
function endOfJsonValue(bytes: Buffer, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

/** Whether the text ends with a closing brace, as a whole raw coverage file does. */
function endsAnObject(bytes: Buffer): boolean {
  let end = bytes.length - 1;
  while (end >= 0 && (bytes[end] === 0x0a || bytes[end] === 0x20 || bytes[end] === 0x0d)) end--;
  return end >= 0 && bytes[end] === 0x7d;
}
