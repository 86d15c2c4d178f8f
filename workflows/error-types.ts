// Every error type a run, a step, a tool or a model call can end with: one table, with whether
// Temporal retries it. Retry policies' `non_retryable` lists and users' `on_error` handlers name
// these types, so they are a contract (docs/errors.md lists them, a test keeps both equal).
// Retryability is derived here, once (as the Vercel AI SDK derives `isRetryable` for API call
// errors): a failure of a type marked `true` or `false` always is or is not retried; `depends`
// types say it at the throw (an HTTP 503 is retried, a 404 is not).

export type Retryable = true | false | 'depends';

export interface ErrorTypeInfo {
  retryable: Retryable;
  /** Who reports it: the interpreter (run, step), a tool's activity, a model call. */
  source: 'run' | 'step' | 'tool' | 'sandbox' | 'web' | 'mcp' | 'model';
  /** What it means, for docs/errors.md. */
  meaning: string;
}

export const ERROR_TYPE_TABLE = {
  // The run and its steps, reported by the interpreter.
  InvalidInputs: { retryable: false, source: 'run', meaning: "the run's inputs do not fit the pipeline's parameters" },
  Unsupported: {
    retryable: false,
    source: 'run',
    meaning: "this worker's interpreter cannot run the pipeline (a newer client compiled it)",
  },
  TemplateError: { retryable: false, source: 'step', meaning: 'a template in the step failed to render; nothing ran' },
  Cancelled: { retryable: false, source: 'step', meaning: 'the run was cancelled while the step ran' },
  Timeout: {
    retryable: true,
    source: 'step',
    meaning: 'the step, its program or its model call ran past its timeout (retried while attempts are left)',
  },
  ApprovalTimeout: {
    retryable: false,
    source: 'step',
    meaning: 'nobody answered an approval in time (`on_timeout: fail`)',
  },
  LoopError: { retryable: false, source: 'step', meaning: 'an iteration of a loop failed' },
  ProductMissing: {
    retryable: false,
    source: 'step',
    meaning: "a natural-language step's agent finished without writing its `location`",
  },
  SubPipelineFailed: { retryable: false, source: 'step', meaning: 'a step of a sub-pipeline failed' },
  BudgetExceeded: {
    retryable: false,
    source: 'step',
    meaning: "the run's budget cannot pay for the call (`on_exceed: fail`)",
  },
  AgentMaxTurns: { retryable: false, source: 'step', meaning: 'an agent did not finish within `max_turns`' },
  UnknownTool: {
    retryable: false,
    source: 'step',
    meaning: 'a tool or action this worker (or this agent) does not have',
  },
  NoModelAvailable: {
    retryable: false,
    source: 'model',
    meaning: 'no model in the registry fits the step (`model: auto`, `<AUTO>` tags)',
  },
  SecretMissing: { retryable: false, source: 'tool', meaning: 'the worker holds no value for a secret the step uses' },
  WorkerShuttingDown: {
    retryable: true,
    source: 'step',
    meaning:
      "the worker was shutting down when a local step was to start: the step moves on to a regular activity that another worker runs (never a step's final error)",
  },
  CassetteMiss: {
    retryable: false,
    source: 'step',
    meaning:
      "`orc test`: the cassette holds no recorded answer for a call (its request differs from the recorded run's; the message shows the diff)",
  },
  BlobStoreUnavailable: {
    retryable: true,
    source: 'step',
    meaning:
      'the S3 bucket of `ORC_BLOB_STORE` (large values) did not answer: throttling, a server error (HTTP 5xx), a timeout or a dropped connection',
  },
  BlobStoreRefused: {
    retryable: false,
    source: 'step',
    meaning:
      'the S3 bucket of `ORC_BLOB_STORE` refused a request: no such bucket, access denied (HTTP 403), a bad request',
  },
  // Tools.
  ToolError: {
    retryable: 'depends',
    source: 'tool',
    meaning: 'a tool failed: bad parameters (not retried) or an unexpected error (retried)',
  },
  PathOutsideWorkspace: { retryable: false, source: 'tool', meaning: 'a path leads outside the workspace' },
  FileNotFound: { retryable: false, source: 'tool', meaning: 'a file the step reads does not exist' },
  SandboxUnavailable: {
    retryable: false,
    source: 'sandbox',
    meaning: 'the code sandbox (bubblewrap) cannot run on this worker',
  },
  SandboxLimitExceeded: {
    retryable: false,
    source: 'sandbox',
    meaning: 'sandboxed code passed a memory, process, file or output limit',
  },
  NetworkNotAllowed: {
    retryable: false,
    source: 'sandbox',
    meaning: 'the step asks for network access the worker does not allow',
  },
  AddressNotAllowed: { retryable: false, source: 'web', meaning: 'a URL or redirect leads to a private address' },
  HttpError: {
    retryable: 'depends',
    source: 'web',
    meaning: 'a server answered with an error status (429 and 5xx are retried)',
  },
  NetworkError: { retryable: true, source: 'web', meaning: 'a server could not be reached' },
  SearchNotConfigured: { retryable: false, source: 'web', meaning: 'no search provider is configured on this worker' },
  BrowserUnavailable: { retryable: false, source: 'web', meaning: 'Chromium is not installed on this worker' },
  McpServerNotDeclared: {
    retryable: false,
    source: 'mcp',
    meaning: 'the step names an MCP server the pipeline does not declare',
  },
  McpConnectionFailed: {
    retryable: 'depends',
    source: 'mcp',
    meaning: 'an MCP server could not be started or reached',
  },
  McpToolError: {
    retryable: 'depends',
    source: 'mcp',
    meaning: 'an MCP tool answered with an error, or its server failed',
  },
  // Model calls, mapped from each provider's own errors.
  RateLimited: { retryable: true, source: 'model', meaning: 'the provider answered 429 (its Retry-After is honoured)' },
  ProviderUnavailable: {
    retryable: true,
    source: 'model',
    meaning: 'the provider could not be reached, or answered 5xx, 408 or 409',
  },
  InvalidRequest: {
    retryable: false,
    source: 'model',
    meaning: 'the provider (or the engine, before calling it) refused the request as invalid',
  },
  AuthenticationFailed: { retryable: false, source: 'model', meaning: 'no or a wrong key, or no quota left' },
  ModelNotFound: {
    retryable: false,
    source: 'model',
    meaning: 'the model does not exist, or has no price in the registry',
  },
  ContextLengthExceeded: {
    retryable: false,
    source: 'model',
    meaning: "the request is longer than the model's context",
  },
  ContentFiltered: { retryable: false, source: 'model', meaning: "the provider's content filter stopped the answer" },
  MalformedResponse: {
    retryable: true,
    source: 'model',
    meaning: 'the answer could not be read (a broken stream, invalid JSON)',
  },
  StructuredOutputError: {
    retryable: 'depends',
    source: 'model',
    meaning: 'the answer does not fit the schema (after one repair attempt, not retried)',
  },
} as const satisfies Record<string, ErrorTypeInfo>;

export type ErrorType = keyof typeof ERROR_TYPE_TABLE;

/** The types by name, for code: `ERROR_TYPES.toolError` is `'ToolError'`. */
export const ERROR_TYPES = {
  invalidInputs: 'InvalidInputs',
  unsupported: 'Unsupported',
  templateError: 'TemplateError',
  cancelled: 'Cancelled',
  timeout: 'Timeout',
  approvalTimeout: 'ApprovalTimeout',
  loopError: 'LoopError',
  productMissing: 'ProductMissing',
  subPipelineFailed: 'SubPipelineFailed',
  budgetExceeded: 'BudgetExceeded',
  agentMaxTurns: 'AgentMaxTurns',
  unknownTool: 'UnknownTool',
  noModelAvailable: 'NoModelAvailable',
  secretMissing: 'SecretMissing',
  workerShuttingDown: 'WorkerShuttingDown',
  cassetteMiss: 'CassetteMiss',
  blobStoreUnavailable: 'BlobStoreUnavailable',
  blobStoreRefused: 'BlobStoreRefused',
  toolError: 'ToolError',
  pathOutsideWorkspace: 'PathOutsideWorkspace',
  fileNotFound: 'FileNotFound',
  sandboxUnavailable: 'SandboxUnavailable',
  sandboxLimitExceeded: 'SandboxLimitExceeded',
  networkNotAllowed: 'NetworkNotAllowed',
  addressNotAllowed: 'AddressNotAllowed',
  httpError: 'HttpError',
  networkError: 'NetworkError',
  searchNotConfigured: 'SearchNotConfigured',
  browserUnavailable: 'BrowserUnavailable',
  mcpServerNotDeclared: 'McpServerNotDeclared',
  mcpConnectionFailed: 'McpConnectionFailed',
  mcpToolError: 'McpToolError',
  rateLimited: 'RateLimited',
  providerUnavailable: 'ProviderUnavailable',
  invalidRequest: 'InvalidRequest',
  authenticationFailed: 'AuthenticationFailed',
  modelNotFound: 'ModelNotFound',
  contextLengthExceeded: 'ContextLengthExceeded',
  contentFiltered: 'ContentFiltered',
  malformedResponse: 'MalformedResponse',
  structuredOutputError: 'StructuredOutputError',
} as const satisfies Record<string, ErrorType>;

/**
 * Whether a failure of `type` is retried: the table's answer, or `asked` where the table says
 * it depends. Asking a fixed type for the other answer is a bug in the caller.
 */
export function isRetryable(type: ErrorType, asked?: boolean): boolean {
  const fixed = ERROR_TYPE_TABLE[type].retryable;
  if (fixed === 'depends') {
    if (asked === undefined) throw new Error(`error type ${type} is retried or not case by case: say which`);
    return asked;
  }
  if (asked !== undefined && asked !== fixed)
    throw new Error(`error type ${type} is ${fixed ? 'always' : 'never'} retried`);
  return fixed;
}
