// A workflow interceptor for tests only: every activity gets a short heartbeat timeout, so a
// test can show what a heartbeat timeout does to a silent activity without waiting 5-6 s.
// Bundled with the real workflows by `shortHeartbeatBundle` (test/support/short-heartbeat.ts).
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const SHORT_HEARTBEAT_TIMEOUT = '3s';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleActivity(input, next) {
        return next({ ...input, options: { ...input.options, heartbeatTimeout: SHORT_HEARTBEAT_TIMEOUT } });
      },
    },
  ],
});
