// A model step's `media:` (images, PDFs, audio sent with the prompt): each entry a workspace
// path or a URL, checked for form; when a file's kind shows (its extension, or `type:`) and the
// model is a registry model, the model must be able to read it (docs/pipeline-language.md).
import { isMap, isSeq, type Node } from 'yaml';
import type { ModelChoiceIR } from '../../ir.js';
import type { CompileContext } from '../context.js';
import type { Entry } from '../mapping.js';
import { pointerJoin } from '../source.js';
import { plainValue } from '../values.js';

type MediaKind = 'image' | 'pdf' | 'audio';

const KIND_OF_EXTENSION: Readonly<Record<string, MediaKind>> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  pdf: 'pdf',
  wav: 'audio',
  mp3: 'audio',
};
const CAPABILITY_OF: Readonly<Record<MediaKind, string>> = { image: 'vision', pdf: 'pdf', audio: 'audio' };
const KINDS = Object.keys(CAPABILITY_OF);
const FORM_HINT =
  'write media: [{file: "path in the workspace"}, {url: "https://…"}] (a bare string is a file); add type: image|pdf|audio when the name does not show it';

export function checkModelMedia(
  context: CompileContext,
  id: string,
  entry: Entry,
  model: ModelChoiceIR | undefined,
): void {
  const items: Array<{ node: Node | null; pointer: string }> = isSeq(entry.value)
    ? (entry.value.items as Array<Node | null>).map((node, index) => ({
        node,
        pointer: pointerJoin(entry.pointer, String(index)),
      }))
    : [{ node: entry.value, pointer: entry.pointer }];
  for (const item of items) {
    const node = (item.node ?? entry.keyNode) as Node;
    const kind = kindOf(context, id, node, item.pointer);
    if (kind) checkModelReads(context, id, kind, node, item.pointer, model);
  }
}

/** The entry's kind when it shows; undefined when it does not (a template) or the entry is malformed (reported). */
function kindOf(context: CompileContext, id: string, node: Node, pointer: string): MediaKind | undefined {
  const value = plainValue(node);
  const entry = typeof value === 'string' ? { file: value } : value;
  const report = (message: string, hint = FORM_HINT) =>
    void context.source.report('error', 'E_MEDIA', node, pointer, `step "${id}": ${message}`, hint);
  if (
    !entry ||
    typeof entry !== 'object' ||
    Array.isArray(entry) ||
    (isMap(node) === false && typeof value !== 'string')
  )
    return report(`a media entry must be a file path or {file: …} / {url: …}, not ${JSON.stringify(value)}`);
  const fields = entry as Record<string, unknown>;
  const extra = Object.keys(fields).filter((key) => !['file', 'url', 'type'].includes(key));
  const sources = ['file', 'url'].filter((key) => key in fields);
  if (extra.length || sources.length !== 1)
    return report(
      extra.length
        ? `a media entry has no key "${extra[0]}"`
        : `a media entry needs exactly one of "file" or "url" (it has ${sources.length ? 'both' : 'neither'})`,
    );
  const source = fields[sources[0]!];
  if (typeof source !== 'string' || source.trim() === '') return report(`"${sources[0]}" must be a non-empty string`);
  if (fields.type !== undefined) {
    if (typeof fields.type === 'string' && KINDS.includes(fields.type)) return fields.type as MediaKind;
    return report(`media type "${String(fields.type)}" is none of ${KINDS.join(', ')}`);
  }
  if (source.includes('{{') && !/\.\w+$/.test(source.replace(/[?#].*$/, ''))) return undefined;
  const extension = /\.(\w+)$/.exec(source.replace(/[?#].*$/, ''))?.[1]?.toLowerCase();
  const kind = extension === undefined ? undefined : KIND_OF_EXTENSION[extension];
  // A URL's path need not show its type (the bytes tell, when the step runs).
  if (!kind && sources[0] === 'file' && !source.includes('{{'))
    return report(
      `"${source}" is not a file a model can read: media are PNG, JPEG, GIF or WebP images, PDF documents, WAV or MP3 audio`,
      'convert it first, or say what it is with type: image|pdf|audio if its name misleads',
    );
  return kind;
}

function checkModelReads(
  context: CompileContext,
  id: string,
  kind: MediaKind,
  node: Node,
  pointer: string,
  model: ModelChoiceIR | undefined,
): void {
  const capabilities = context.models?.capabilities;
  if (!capabilities || !model || model.kind === 'auto') return;
  const refs = model.kind === 'ref' ? [model.ref] : model.refs;
  const capability = CAPABILITY_OF[kind];
  for (const ref of refs) {
    const known = capabilitiesOf(capabilities, ref);
    if (!known || known.includes(capability)) continue;
    context.source.report(
      'error',
      'E_MEDIA',
      node,
      pointer,
      `step "${id}": model "${ref}" cannot read ${kind === 'image' ? 'images' : kind === 'pdf' ? 'PDF documents' : 'audio'} (the model registry gives it no "${capability}" capability)`,
      `choose a model that can (\`orc models\` lists capabilities), or let the engine choose one: requires_model: {capabilities: [${capability}]}`,
    );
    return;
  }
}

function capabilitiesOf(
  capabilities: Readonly<Record<string, readonly string[]>>,
  ref: string,
): readonly string[] | undefined {
  if (ref.includes('{{')) return undefined;
  if (capabilities[ref]) return capabilities[ref];
  const byName = Object.keys(capabilities).find((key) => key.slice(key.indexOf(':') + 1) === ref);
  return byName ? capabilities[byName] : undefined;
}
