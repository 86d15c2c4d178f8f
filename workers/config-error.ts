// Bad configuration: the worker (or the CLI) stops at start-up with this message.
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
