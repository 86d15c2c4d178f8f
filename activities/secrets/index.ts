export { NO_SECRETS, secretStore, type SecretStore } from './secret-store.js';
export { redactFailure, redactSecrets, substituteSecrets, type UsedSecrets } from './substitute-secrets.js';
