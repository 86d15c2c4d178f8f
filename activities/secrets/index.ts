export { NO_SECRETS, secretStore, type SecretStore } from './secret-store.js';
export { withSecrets } from './substitute-secrets.js';
