// The result shape shared by the tools that run code in the OS sandbox.
export const SANDBOX_RUN_RESULT =
  '{ success, stdout, stderr, exit_code, result } — success is exit_code == 0; result is stdout parsed as JSON when it is JSON, else null';
