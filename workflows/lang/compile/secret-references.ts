// `secrets.NAME` in a template: allowed only in the parameters of tool and model steps (what an
// activity receives), by a name written out, and outside `<AUTO>` tags (a model is shown their
// questions). Each name is recorded on its step (the IR's `secrets`): the worker fills in those
// names only, and only in that step's parameters (lang/secrets.ts).
import { findAutoTagSpans } from '../auto-tag-spans.js';
import type { TemplateReference } from '../expr/index.js';
import type { ModelStepIR, ToolStepIR } from '../ir.js';
import { SECRET_NAME } from '../secrets.js';
import type { CompiledStep, StepTemplate } from './context.js';
import type { SourceFile } from './source.js';

const PLACEMENT_HINT =
  "secrets may appear in the parameters of tool and model steps only: their values never enter history, so they cannot decide control flow, fill outputs, approvals, summaries or a sub-pipeline's inputs, or be shown to a model in an <AUTO> question";

export function resolveSecretReference(
  source: SourceFile,
  reader: { step?: CompiledStep; label: string },
  template: StepTemplate,
  reference: TemplateReference,
): void {
  const [start, end] = source.offsetInScalar(template.node, template.text, reference.offset, reference.length);
  if (!template.secrets || !reader.step) {
    const place = template.expression ? 'a condition or loop' : 'a place';
    source.reportAt(
      'error',
      'E_SECRET_PLACEMENT',
      start,
      end,
      `${reader.label} reads a secret in ${place} where secrets may not go`,
      template.pointer,
      PLACEMENT_HINT,
    );
    return;
  }
  const name = reference.path[0];
  if (name === undefined || !SECRET_NAME.test(name)) {
    const what =
      name === undefined
        ? 'by a name that is not written out (or the whole "secrets")'
        : `named "${name}", which is not a secret name`;
    source.reportAt(
      'error',
      'E_SECRET_NAME',
      start,
      end,
      `${reader.label} reads a secret ${what}`,
      template.pointer,
      "write the name itself, e.g. secrets.API_TOKEN or secrets['API_TOKEN'] (letters, digits and _, not starting with a digit): only names written out are given to the step",
    );
    return;
  }
  if (findAutoTagSpans(template.text).some((span) => reference.offset >= span.start && reference.offset < span.end)) {
    source.reportAt(
      'error',
      'E_SECRET_PLACEMENT',
      start,
      end,
      `${reader.label} reads a secret inside an <AUTO> tag, whose question a model is shown`,
      template.pointer,
      PLACEMENT_HINT,
    );
    return;
  }
  const ir = reader.step.ir as ToolStepIR | ModelStepIR;
  const names = new Set(ir.secrets ?? []).add(name);
  ir.secrets = [...names].sort();
}
