export { main } from './cli.js';
export { CliError, EXIT } from './exit-codes.js';
