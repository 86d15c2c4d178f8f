// Queries, signals and updates: defined once, imported by the workflow and the client.
import { defineQuery } from '@temporalio/workflow';
import type { ProgressReport } from './result-document.js';

export const progressQuery = defineQuery<ProgressReport>('progress');
