import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../src/backoff.js';

describe('back-off with full jitter', () => {
  it('doubles the ceiling per attempt up to the maximum', () => {
    const options = { baseMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffCeiling(a, options))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('draws each delay uniformly in [0, ceiling)', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = backoffCeiling(attempt);
      expect(backoffDelay(attempt, {}, () => 0)).toBe(0);
      expect(backoffDelay(attempt, {}, () => 0.999999)).toBe(ceiling - 1);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads clients out (full jitter, not equal steps)', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelay(6)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('treats odd attempts sanely', () => {
    expect(backoffCeiling(-3)).toBe(500);
    expect(backoffCeiling(10_000)).toBe(30_000);
  });
});
