// What prompt-optimization adds around the model's rewrite, as py-orc computes it
// (llm_tools.py): token estimates (4 characters a token), the cut to max_tokens, and advice.

export const OPTIMIZATION_GOALS = ['clarity', 'brevity', 'specificity', 'model_specific'];

export const estimateTokens = (text: string) => Math.floor(text.length / 4);

/** Cuts to about max_tokens: the beginning and the end when the intent is to be kept. */
export function cutToTokens(text: string, maxTokens: number, preserveIntent: boolean): string {
  const allowed = maxTokens * 4;
  if (text.length <= allowed) return text;
  if (!preserveIntent) return text.slice(0, allowed);
  const half = Math.floor(allowed / 2);
  return `${text.slice(0, half)}\n[...truncated...]\n${text.slice(text.length - half)}`;
}

export function metrics(original: string, optimized: string) {
  const originalTokens = estimateTokens(original);
  const optimizedTokens = estimateTokens(optimized);
  return {
    original_tokens: originalTokens,
    optimized_tokens: optimizedTokens,
    token_reduction: originalTokens - optimizedTokens,
    reduction_percentage: originalTokens > 0 ? ((originalTokens - optimizedTokens) / originalTokens) * 100 : 0,
  };
}

export function recommendations(original: string, model: string): string[] {
  const lower = original.toLowerCase();
  const advice: string[] = [];
  if (!lower.includes('example') && ['create', 'write', 'generate'].some((word) => lower.includes(word)))
    advice.push('Consider adding examples of desired output');
  if (!lower.includes('format') && !lower.includes('json')) advice.push('Specify desired output format explicitly');
  if (original.length > 1000) advice.push('Consider breaking complex prompts into steps');
  if (model.includes('claude')) advice.push('Claude works well with conversational, context-rich prompts');
  return advice;
}

/** The instruction the target model rewrites the prompt by. */
export function rewriteInstruction(prompt: string, model: string, goals: readonly string[]): string {
  const wanted: Record<string, string> = {
    clarity: 'make it clear and unambiguous',
    brevity: 'make it as short as it can be without losing anything it asks for',
    specificity: 'make what is asked, and the form of the answer, specific',
    model_specific: `phrase it the way ${model} follows best`,
  };
  const asked = goals.filter((goal) => goal in wanted).map((goal) => `- ${wanted[goal]}`);
  return [
    `Rewrite the prompt below for the model ${model}. Keep its intent and everything it asks for.`,
    ...(asked.length ? ['Goals:', ...asked] : []),
    'Answer with the rewritten prompt only, nothing before or after it.',
    '',
    '<prompt>',
    prompt,
    '</prompt>',
  ].join('\n');
}
