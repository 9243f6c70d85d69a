/** The views per (seq, role) the replay has fetched, and the fetches under way. */

import type { StateBody } from "../server/types";

// ---- views per (seq, role) -------------------------------------------------------------------

/**
 * Views at a seq never change (the log is append-only), so each (seq, role) is fetched once.
 * In-flight requests are shared; failures are forgotten so a retry asks again; the oldest
 * entries go when there are more than ``limit``.
 */
export class ViewCache {
  private readonly entries = new Map<string, { promise: Promise<StateBody>; body?: StateBody }>();

  constructor(
    private readonly fetcher: (seq: number, role: string) => Promise<StateBody>,
    private readonly limit = 200,
  ) {}

  static key(seq: number, role: string): string {
    return `${seq}|${role}`;
  }

  peek(seq: number, role: string): StateBody | undefined {
    return this.entries.get(ViewCache.key(seq, role))?.body;
  }

  get(seq: number, role: string): Promise<StateBody> {
    const key = ViewCache.key(seq, role);
    const found = this.entries.get(key);
    if (found) {
      // Recently used: move to the end.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.promise;
    }
    const entry: { promise: Promise<StateBody>; body?: StateBody } = {
      promise: this.fetcher(seq, role).then(
        (body) => {
          entry.body = body;
          return body;
        },
        (error) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw error;
        },
      ),
    };
    this.entries.set(key, entry);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry.promise;
  }

  get size(): number {
    return this.entries.size;
  }
}
