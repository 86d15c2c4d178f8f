// py-orc's feedback-collection returns its answers with counts and a summary, and its pipelines
// read them (`{{ feedback.summary.rating_average }}`): the same fields, from the form's answers.

interface QuestionSchema {
  type?: string;
  enum?: unknown[];
}

export function feedbackFields(fields: Record<string, unknown> | undefined, answers: Record<string, unknown>) {
  const properties = (fields?.properties ?? {}) as Record<string, QuestionSchema>;
  const questions = Object.keys(properties);
  const responses = Object.fromEntries(
    questions.filter((id) => answers[id] !== undefined).map((id) => [id, answers[id]]),
  );
  const ratings: number[] = [];
  const booleanSummary: Record<string, unknown> = {};
  const choiceSummary: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(responses)) {
    const question = properties[id]!;
    // feedbackForm (compile/step-kinds/approval-step.ts) makes a rating an integer field.
    if (question.type === 'integer' && typeof value === 'number') ratings.push(value);
    else if (question.type === 'boolean') booleanSummary[id] = value;
    else if (Array.isArray(question.enum)) choiceSummary[id] = value;
  }
  const count = Object.keys(responses).length;
  return {
    responses,
    response_count: count,
    completion_rate: questions.length ? (count / questions.length) * 100 : 0,
    summary: {
      rating_average: ratings.length ? ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length : null,
      boolean_summary: booleanSummary,
      choice_summary: choiceSummary,
    },
  };
}
