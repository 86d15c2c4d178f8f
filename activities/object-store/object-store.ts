// Where the response cache and the large values live: a flat set of named byte strings. Two
// implementations sit behind it, chosen once at start-up (workers/stores.ts): a local folder
// (the default) and an S3-compatible bucket, for workers that span machines. Keys are
// `/`-separated and content-addressed by their callers, so a key never changes meaning and a
// write of one key by two workers writes the same bytes.

export interface StoredObject {
  key: string;
  bytes: number;
  modifiedMs: number;
}

export interface ObjectStore {
  /** Where it is, for people: a folder or `s3://bucket/prefix` (never a credential). */
  readonly location: string;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes the whole value at once: a reader sees all of it or none. */
  put(key: string, bytes: Uint8Array | string): Promise<void>;
  head(key: string): Promise<StoredObject | undefined>;
  /** Every object whose key starts with `prefix`, at any depth. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Removes `key`; nothing happens when it is already gone. */
  delete(key: string): Promise<void>;
  /** Moves a value to another key (`orc gc` sets a value aside before deleting it). */
  move(from: string, to: string): Promise<void>;
}
