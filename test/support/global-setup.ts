// Placeholder until the real dev-server setup lands (being written now).
export default async function setup(): Promise<void> {}
