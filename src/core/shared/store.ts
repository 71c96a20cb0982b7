/**
 * A durable key → text store that the pipeline provides (the build cache). Pure code sees
 * only this interface: values it reads may be missing (a first build, a damaged cache).
 */
export interface Store {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}
