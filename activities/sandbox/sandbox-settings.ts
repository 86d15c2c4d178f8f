// What the worker's operator decides for the code sandbox (workers/config.ts reads it).
export interface SandboxSettings {
  /**
   * `bubblewrap`: code runs in namespaces with bwrap (the default). `unsafe-host`: code runs on
   * the host with no isolation — only when the operator started the worker with
   * ORC_UNSAFE_HOST_CODE=1, for machines where bubblewrap cannot run.
   */
  mode: 'bubblewrap' | 'unsafe-host';
  /** Whether a step may ask for network access inside the sandbox (ORC_SANDBOX_NETWORK=allow). */
  allowNetwork: boolean;
  /** Path of `bwrap`; found on PATH when omitted. */
  bubblewrapPath?: string;
}
