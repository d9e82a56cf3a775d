import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingThrottle } from '../src/typing.js';

describe('typing throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function throttle() {
    const sent: [string, string, number][] = [];
    const t = new TypingThrottle((c, s) => sent.push([c, s, Date.now()]), { idleMs: 3000 });
    return { t, sent };
  }

  it('sends at most one start per conversation every 2 s while typing', () => {
    const { t, sent } = throttle();
    for (let i = 0; i < 50; i++) { // a keystroke every 100 ms for 5 s
      t.keystroke('c1');
      vi.advanceTimersByTime(100);
    }
    const starts = sent.filter(([, s]) => s === 'start').map(([, , at]) => at);
    expect(starts.length).toBe(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(2000);
  });

  it('stops by itself once idle', () => {
    const { t, sent } = throttle();
    t.keystroke('c1');
    vi.advanceTimersByTime(2999);
    expect(sent.map(([, s]) => s)).toEqual(['start']);
    vi.advanceTimersByTime(1);
    expect(sent.map(([, s]) => s)).toEqual(['start', 'stop']);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2);
  });

  it('keeps conversations apart', () => {
    const { t, sent } = throttle();
    t.keystroke('c1');
    t.keystroke('c2');
    t.keystroke('c1');
    expect(sent.map(([c, s]) => `${c}:${s}`)).toEqual(['c1:start', 'c2:start']);
  });

  it('stops at once on an explicit stop (a send), and starts again on the next keystroke', () => {
    const { t, sent } = throttle();
    t.keystroke('c1');
    t.stop('c1');
    t.stop('c1');
    t.keystroke('c1');
    expect(sent.map(([, s]) => s)).toEqual(['start', 'stop', 'start']);
  });

  it('forgets without sending when the connection is gone', () => {
    const { t, sent } = throttle();
    t.keystroke('c1');
    t.reset();
    vi.advanceTimersByTime(10_000);
    expect(sent.map(([, s]) => s)).toEqual(['start']);
  });
});
