// The search attributes every run carries, so the Web UI and `orc list` can filter runs.
// The dev server registers them at start (temporal-dev/); `orc` registers them on other
// servers when they are missing.
import { defineSearchAttributeKey } from '@temporalio/common';

export const PIPELINE_ID_ATTRIBUTE = defineSearchAttributeKey('OrcPipelineId', 'KEYWORD');
export const RUN_STATUS_ATTRIBUTE = defineSearchAttributeKey('OrcStatus', 'KEYWORD');
export const COST_USD_ATTRIBUTE = defineSearchAttributeKey('OrcCostUsd', 'DOUBLE');
/** A rerun's source run (its workflow id): `OrcSourceRun = "…"` lists the forks of a run. */
export const SOURCE_RUN_ATTRIBUTE = defineSearchAttributeKey('OrcSourceRun', 'KEYWORD');

/** Name → type as `temporal server start-dev --search-attribute` spells it. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = {
  OrcPipelineId: 'Keyword',
  OrcStatus: 'Keyword',
  OrcCostUsd: 'Double',
  OrcSourceRun: 'Keyword',
};
