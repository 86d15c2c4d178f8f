export { createLoadReusableResults, type TemporalClientSource } from './load-reusable-results.js';
export { readRecordedCalls, type CallRecord, type RecordedRun } from './recorded-calls.js';
