// Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").

export interface BackoffOptions {
  /** Ceiling of the first attempt's delay. Default 500 ms. */
  baseMs?: number;
  /** Largest ceiling. Default 30 s. */
  maxMs?: number;
}

/** The ceiling of attempt `attempt` (0-based): min(max, base * 2^attempt). */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(max, base * 2 ** exponent);
}

/** Full jitter: a uniformly random delay in [0, ceiling). `random` returns [0, 1) like Math.random. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
