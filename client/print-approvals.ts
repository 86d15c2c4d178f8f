// Pending approvals for people: what waits, since when, until when, and the commands that
// answer it.
import type { PendingApproval } from '../workflows/messages.js';
import type { PendingApprovalSummary } from '../workflows/result-document.js';
import { paint } from './paint.js';
import { formatDuration, formatTimestamp } from './format-time.js';

export function approvalLines(
  workflowId: string,
  approvals: ReadonlyArray<PendingApproval | PendingApprovalSummary>,
  options: { color: boolean; now: number },
): string[] {
  const painter = paint(options.color);
  return approvals.flatMap((approval) => {
    const waited = formatDuration(Math.max(0, options.now - Date.parse(approval.requested_at)));
    const full = 'on_timeout' in approval ? approval : undefined;
    const deadline = full?.timeout_at
      ? ` · times out ${formatTimestamp(new Date(full.timeout_at))}, then ${full.on_timeout === 'fail' ? 'fails' : `${full.on_timeout}s`}`
      : '';
    const flags = [
      full?.require_comment ? '--comment "…"' : '',
      full?.fields ? formFlags(full.fields) : '',
      full?.prompt ? '--value …' : '',
      full?.allow_edit ? '[--edit-file F]' : '',
    ].filter(Boolean);
    return [
      `  ${painter.yellow('?')} ${painter.bold(approval.step)}  "${approval.title}"  ${painter.dim(`waiting ${waited}${deadline}`)}`,
      ...(full?.content !== undefined ? [`      ${preview(full.content)}`] : []),
      painter.dim(
        `      orc approve ${workflowId} ${[approval.step, ...flags].join(' ')}   |   orc reject ${workflowId} ${approval.step} --reason "…"`,
      ),
    ];
  });
}

/** The form's required fields as flags; the optional ones in brackets. */
function formFlags(fields: Record<string, unknown>): string {
  const properties = fields.properties && typeof fields.properties === 'object' ? Object.keys(fields.properties) : [];
  const required = new Set(Array.isArray(fields.required) ? fields.required : []);
  return properties.map((name) => (required.has(name) ? `--set ${name}=…` : `[--set ${name}=…]`)).join(' ');
}

function preview(content: unknown): string {
  const text = (typeof content === 'string' ? content : JSON.stringify(content)).replace(/\s+/g, ' ').trim();
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
