// An example custom tool, `text`: slugs for file names, counts for reports, digests for
// de-duplication. Load it with ORC_TOOLS=examples/custom-tools/text-tool.ts (the worker and the
// CLI both read it); see docs/tools/custom-tools.md.
import { createHash } from 'node:crypto';
import { defineCustomTool, toolFailure } from '../../activities/tools/custom/define-custom-tool.js';

const text = { type: 'string', required: true, description: 'the text' } as const;

export default defineCustomTool({
  definition: {
    name: 'text',
    description: 'Small text utilities: slugify, word_count, hash.',
    actions: {
      slugify: {
        description: 'A lower-case, ASCII slug of the text, for file and folder names.',
        parameters: {
          text,
          separator: { type: 'string', default: '-', description: 'put between words' },
          max_length: {
            type: 'integer',
            default: 80,
            description: 'cut at a word boundary to at most this many characters',
          },
        },
        result: '{ slug }',
      },
      word_count: {
        description: 'Counts words, characters, lines and sentences.',
        parameters: { text },
        result: '{ words, characters, lines, sentences }',
      },
      hash: {
        description: 'A hex digest of the text (UTF-8).',
        parameters: {
          text,
          algorithm: { type: 'string', default: 'sha256', enum: ['sha256', 'sha1', 'md5'], description: 'the digest' },
        },
        result: '{ algorithm, digest }',
        // With it, orc validate checks the fields steps read of this action's result.
        returns: ['algorithm', 'digest'],
      },
    },
  },
  implementation: {
    async slugify(parameters) {
      const separator = typeof parameters.separator === 'string' ? parameters.separator : '-';
      const maxLength = typeof parameters.max_length === 'number' ? parameters.max_length : 80;
      const words =
        String(parameters.text)
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()
          .match(/[a-z0-9]+/g) ?? [];
      let slug = '';
      for (const word of words) {
        const next = slug ? `${slug}${separator}${word}` : word;
        if (next.length > maxLength) break;
        slug = next;
      }
      return { slug: slug || words[0]?.slice(0, maxLength) || '' };
    },
    async word_count(parameters) {
      const value = String(parameters.text);
      return {
        words: value.match(/\S+/g)?.length ?? 0,
        characters: [...value].length,
        lines: value === '' ? 0 : value.split(/\r?\n/).length,
        sentences: value.match(/[^.!?]+[.!?]+/g)?.length ?? (value.trim() ? 1 : 0),
      };
    },
    async hash(parameters) {
      const algorithm = parameters.algorithm ?? 'sha256';
      // The compiler checks literal values against the enum; a templated one is checked here.
      if (algorithm !== 'sha256' && algorithm !== 'sha1' && algorithm !== 'md5')
        throw toolFailure(
          'InvalidParameter',
          `text.hash: algorithm must be sha256, sha1 or md5, not ${JSON.stringify(algorithm)}`,
          { retryable: false },
        );
      return { algorithm, digest: createHash(algorithm).update(String(parameters.text), 'utf8').digest('hex') };
    },
  },
});
