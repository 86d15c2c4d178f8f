// py-orc's image-analysis and image-generation tools, our way: each is one model call made as a
// model step makes it (a vision model reading the image as a `media:` part; an image model
// writing files into the workspace), with py-orc's action, parameters and result fields.
import { modelsOf } from './models-of.js';
import type { ToolImplementation } from './tool-implementation.js';

const ANALYSIS_PROMPTS: Readonly<Record<string, (detail: string) => string>> = {
  describe: (detail) => `Describe this image in ${detail} detail. What do you see?`,
  detect_objects: () => 'List all objects you can identify in this image with their locations.',
  extract_text: () => 'Extract and transcribe all text visible in this image.',
  detect_faces: () => 'Detect and describe any faces or people in this image.',
  classify: () => 'Classify this image into appropriate categories.',
};

export const imageAnalysis: ToolImplementation = {
  async execute(parameters, context) {
    const analysisType = String(parameters.analysis_type ?? 'describe');
    const detail = String(parameters.detail_level ?? 'medium');
    const threshold =
      analysisType === 'detect_objects' && typeof parameters.confidence_threshold === 'number'
        ? `List only objects you are at least ${Math.round(parameters.confidence_threshold * 100)}% sure of.`
        : undefined;
    const prompt = [
      ANALYSIS_PROMPTS[analysisType]?.(detail) ?? `Analyze this image for: ${analysisType}`,
      threshold,
      parameters.prompt_suffix,
    ]
      .filter((part) => typeof part === 'string' && part !== '')
      .join(' ');
    const answer = await modelsOf(context, 'so it has no media tools').call({
      action: 'generate',
      capability: 'vision',
      ...(typeof parameters.model === 'string' ? { model: parameters.model } : {}),
      parameters: { prompt, media: [parameters.image], temperature: 0.1, max_tokens: 1000 },
      context,
    });
    const text = String(answer.result);
    const format = String(parameters.output_format ?? 'json');
    const analysis =
      format === 'text'
        ? text
        : format === 'structured'
          ? (jsonIn(text) ?? { description: text })
          : { analysis_type: analysisType, result: text, model_used: answer.model, detail_level: detail };
    return {
      success: true,
      analysis,
      metadata: {
        analysis_type: analysisType,
        model: answer.model,
        tokens_used: answer.usage,
        cost_usd: answer.cost_usd,
      },
    };
  },
};

export const imageGeneration: ToolImplementation = {
  async execute(parameters, context) {
    const style = typeof parameters.style === 'string' && parameters.style !== '' ? parameters.style : undefined;
    const avoid =
      typeof parameters.negative_prompt === 'string' && parameters.negative_prompt !== ''
        ? parameters.negative_prompt
        : undefined;
    let prompt = String(parameters.prompt ?? '');
    if (style) prompt = `${prompt}, ${style} style`;
    if (avoid) prompt = `${prompt}. Avoid: ${avoid}`;
    const size = String(parameters.size ?? '1024x1024');
    const answer = await modelsOf(context, 'so it has no media tools').call({
      action: 'generate_image',
      capability: 'image_generation',
      ...(typeof parameters.model === 'string' ? { model: parameters.model } : {}),
      parameters: {
        prompt,
        n: parameters.num_images ?? 1,
        size,
        output_dir: String(parameters.output_path ?? 'generated_images'),
      },
      context,
    });
    const made = answer.result as { images: Array<{ path: string; size_bytes: number; media_type: string }> };
    return {
      success: true,
      images: made.images.map((image) => ({ ...image, format: 'file' })),
      metadata: { prompt, size, num_generated: made.images.length, model: answer.model, cost_usd: answer.cost_usd },
    };
  },
};

function jsonIn(text: string): unknown {
  const match = /\{[\s\S]*\}/.exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(match[0]) as unknown;
  } catch {
    return undefined;
  }
}
