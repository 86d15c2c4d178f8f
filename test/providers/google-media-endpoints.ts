// Gemini's image answers on the fake server: when a generateContent request asks for
// `responseModalities: ['IMAGE']`, the answer's one part is an inlineData PNG (small, real, made
// in code) and the usage counts it as Gemini does, 1290 output tokens.
import { pngImage } from './media-samples.js';
import type { ReplyPlan } from './plan.js';
import { asObject, type Json } from './wire-helpers.js';

/** 8×8 green: a test can tell the image it gets back is this one. */
export const GEMINI_IMAGE_COLOUR: [number, number, number] = [30, 200, 90];

/** True when a generateContent request asks for images in the answer. */
export function asksForImage(body: unknown): boolean {
  const modalities = asObject(asObject(body).generationConfig).responseModalities;
  return Array.isArray(modalities) && modalities.includes('IMAGE');
}

/** The answer's image part, and its usage. */
export function imagePart(plan: ReplyPlan): { part: Json; usage: { input: number; output: number } } {
  const data = pngImage(8, 8, GEMINI_IMAGE_COLOUR).toString('base64');
  return {
    part: { inlineData: { mimeType: 'image/png', data } },
    usage: { input: plan.usage?.input ?? 9, output: plan.usage?.output ?? 1290 },
  };
}
