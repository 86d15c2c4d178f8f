// The sandbox's typed failures; what each says is what an operator or author should do next.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';

export const UNSAFE_FLAG_HINT =
  'only if this machine cannot run it, start the worker with ORC_UNSAFE_HOST_CODE=1 to run code on the host WITHOUT isolation (see docs/tools/sandbox.md)';

export function sandboxUnavailable(reason: string) {
  return toolFailure(
    ERROR_TYPES.sandboxUnavailable,
    `the code sandbox is unavailable: ${reason}. Install bubblewrap (apt-get install bubblewrap) on the worker's machine, or set ORC_BWRAP to its path; ${UNSAFE_FLAG_HINT}`,
    { retryable: false },
  );
}

export function networkNotAllowed() {
  return toolFailure(
    ERROR_TYPES.networkNotAllowed,
    'the step asks for network access, which this worker does not allow; the operator can allow it by starting the worker with ORC_SANDBOX_NETWORK=allow',
    { retryable: false },
  );
}

export function limitExceeded(message: string) {
  // Running the same program again would hit the same limit.
  return toolFailure(ERROR_TYPES.sandboxLimitExceeded, message, { retryable: false });
}

export function wallTimeout(seconds: number) {
  // py-orc's TimeoutError is retried like any other failure: a slow service may be faster next time.
  return toolFailure(
    ERROR_TYPES.timeout,
    `the program did not finish within its timeout of ${seconds} s and was killed`,
    { retryable: true },
  );
}
