// Rounding for figures and details: enough digits to compare runs, no noise.
export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;
export const megabytes = (bytes: number) => round1(bytes / (1024 * 1024));
