/** Options of {@link createRateLimiter}. */
export interface RateLimitOptions {
  /** Requests allowed per key and window (default 60). */
  readonly limit?: number;
  /** Window length in milliseconds (default 60,000). */
  readonly windowMs?: number;
  /** The time source in milliseconds (default `Date.now`; tests pass their own). */
  readonly now?: () => number;
  /** Keys remembered at most; the oldest windows are dropped beyond it (default 10,000). */
  readonly maxKeys?: number;
}

/** The verdict on one request. */
export type RateDecision =
  | {
      /** Within the limit. */
      readonly allowed: true;
    }
  | {
      /** Over the limit. */
      readonly allowed: false;
      /** Seconds until the window ends (for `Retry-After`). */
      readonly retryAfterSeconds: number;
    };

/** A fixed-window request counter per key (a client address, a link). */
export interface RateLimiter {
  /** Counts one request for `key` and says whether it is within the limit. */
  hit(key: string): RateDecision;
}

/**
 * A fixed-window rate limiter held in memory: each key may make `limit` requests per window. One
 * process only; behind several processes put a shared limiter (or the reverse proxy's) in front.
 *
 * @param options - limit, window, time source, memory bound
 */
export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key) {
      const t = now();
      let w = windows.get(key);
      if (w === undefined || t - w.start >= windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) {
          const oldest = windows.keys().next();
          if (oldest.done !== true) windows.delete(oldest.value);
        }
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count <= limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    },
  };
}
