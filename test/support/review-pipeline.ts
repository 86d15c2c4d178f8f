// The approval fixture the CLI and workflow tests share: a draft, a review with a form and
// editable content, and a publish step that reads the answers.
export const REVIEW_STEPS = `steps:
  - {id: draft, tool: test, action: echo, parameters: {value: "the draft"}}
  - id: review
    approval:
      title: "Publish {{ draft.result }}?"
      content: "{{ draft.result }}"
      allow_edit: true
      fields: {type: object, properties: {channel: {type: string, enum: [email, slack]}, copies: {type: integer}}, required: [channel]}
  - {id: publish, tool: test, action: echo, if: "review.approved", parameters: {value: "{{ review.result.content }} via {{ review.channel }}"}}
`;

/** The review pipeline with an id and, when given, more top-level YAML after the steps. */
export function reviewPipeline(id?: string, after = ''): string {
  return `${id ? `id: ${id}\n` : ''}${REVIEW_STEPS}${after}`;
}
