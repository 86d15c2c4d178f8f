// The real workflow bundle plus short-heartbeat-interceptor.ts: pipelines run exactly as in
// production except that every activity's heartbeat timeout is 3 s.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../workers/workflow-bundle.js';

const INTERCEPTOR_PATH = fileURLToPath(new URL('./short-heartbeat-interceptor.ts', import.meta.url));

export async function shortHeartbeatBundle(): Promise<{ code: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES, INTERCEPTOR_PATH],
    logger: {
      log: () => {},
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (message) => console.error(message),
    },
  });
  return { code };
}
