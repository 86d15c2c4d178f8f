// py-orc's media tools, built on model steps' media (docs/tools/media.md).
import { defineTool, type ToolParameterSpec } from './definition.js';

const MODEL = {
  type: 'string',
  description: 'provider:model; the cheapest available model that can do it when absent',
} as const;

interface MediaToolShape {
  name: string;
  description: string;
  /** What the one action, py-orc's `execute`, does. */
  action: string;
  parameters: Readonly<Record<string, ToolParameterSpec>>;
  returns: readonly string[];
  result: string;
}

/** A py-orc media tool: one `execute` action, its parameters and a `model` to choose the model by. */
export function mediaTool(shape: MediaToolShape) {
  return defineTool({
    name: shape.name,
    description: shape.description,
    actions: {
      execute: {
        description: shape.action,
        parameters: { ...shape.parameters, model: shape.parameters.model ?? MODEL },
        returns: shape.returns,
        result: shape.result,
      },
    },
  });
}

export const imageAnalysisTool = mediaTool({
  name: 'image-analysis',
  description: 'Analyse an image with a vision model (py-orc image-analysis).',
  action: 'Describe, list objects, read text, find faces or classify an image.',
  parameters: {
    image: { type: 'any', required: true, description: 'a workspace path, {file: …} or {url: …}' },
    analysis_type: {
      type: 'string',
      default: 'describe',
      enum: ['describe', 'detect_objects', 'extract_text', 'detect_faces', 'classify'],
      description: 'what to ask about the image',
    },
    detail_level: {
      type: 'string',
      default: 'medium',
      enum: ['low', 'medium', 'high'],
      description: 'for describe',
    },
    output_format: {
      type: 'string',
      default: 'json',
      enum: ['json', 'text', 'structured'],
      description: 'json: {analysis_type, result, model_used, detail_level}; text: the answer; structured: JSON in it',
    },
    prompt_suffix: { type: 'string', description: 'added to the question' },
    confidence_threshold: {
      type: 'number',
      description: 'detect_objects: asks the model to list only objects it is at least this sure of (0–1)',
    },
  },
  returns: ['success', 'analysis', 'metadata'],
  result:
    '{ success, analysis: { analysis_type, result, model_used, detail_level } (or text), metadata: { analysis_type, model, tokens_used, cost_usd } }',
});

export const imageGenerationTool = mediaTool({
  name: 'image-generation',
  description: 'Generate images into the workspace with an image model (py-orc image-generation).',
  action: 'Generate images from a prompt and write them as PNG files.',
  parameters: {
    prompt: { type: 'string', required: true, description: 'what to draw' },
    size: { type: 'string', default: '1024x1024', description: 'e.g. 1024x1024, 1792x1024, 1024x1792' },
    style: { type: 'string', description: 'added to the prompt as "…, STYLE style"' },
    negative_prompt: { type: 'string', description: 'added as "Avoid: …"' },
    num_images: { type: 'integer', default: 1, description: '1–10' },
    output_path: { type: 'string', default: 'generated_images', description: 'workspace folder for image-N.png' },
    output_format: {
      type: 'string',
      default: 'file',
      enum: ['file'],
      description: 'files only (no base64 in history)',
    },
  },
  returns: ['success', 'images', 'metadata'],
  result:
    '{ success, images: [{ path, size_bytes, media_type, format: "file" }], metadata: { prompt, size, num_generated, model, cost_usd } }',
});

export const audioProcessingTool = mediaTool({
  name: 'audio-processing',
  description: 'Transcribe audio with a transcription model, or analyse a WAV file (py-orc audio-processing).',
  action: 'operation transcribe (a model) or analyze (format, length, loudness of a 16-bit PCM WAV).',
  parameters: {
    audio: { type: 'any', required: true, description: 'a workspace path, {file: …} or (transcribe) {url: …}' },
    operation: {
      type: 'string',
      required: true,
      enum: ['transcribe', 'analyze'],
      description: "py-orc's enhance and convert are not offered",
    },
    language: { type: 'string', description: 'transcribe: the spoken language, e.g. en' },
  },
  returns: ['success', 'transcription', 'analysis', 'metadata'],
  result:
    'transcribe: { success, transcription, metadata: { language, duration, model, cost_usd } }; analyze: { success, analysis: { format, duration, sample_rate, channels, analysis: { peak_amplitude, rms_energy, zero_crossing_rate, volume_level } } }',
});
