import { describe, expect, it } from 'vitest';
import { MessageSequencer } from '../src/sequencer.js';
import type { Message } from '../src/types.js';
import { message } from './support.js';

function sequencer() {
  const delivered: Message[] = [];
  const s = new MessageSequencer((m) => delivered.push(m));
  const seqs = (c = 'c1') => delivered.filter((m) => m.conversation_id === c).map((m) => m.seq);
  return { s, delivered, seqs };
}

describe('ordering and dedup by seq', () => {
  it('delivers each seq once', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 0);
    expect(s.offer(message('c1', 1))).toBe('delivered');
    expect(s.offer(message('c1', 1))).toBe('duplicate');
    expect(s.offer(message('c1', 2))).toBe('delivered');
    expect(s.offer(message('c1', 1))).toBe('duplicate');
    expect(seqs()).toEqual([1, 2]);
    expect(s.cursor('c1')).toBe(2);
  });

  it('never delivers what the app already had (track)', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 5);
    s.track('c1', 3); // never back
    expect(s.offer(message('c1', 5))).toBe('duplicate');
    expect(s.offer(message('c1', 6))).toBe('delivered');
    expect(seqs()).toEqual([6]);
  });

  it('takes the first message of an unknown conversation as its start', () => {
    const { s, seqs } = sequencer();
    expect(s.offer(message('new', 7))).toBe('delivered');
    expect(seqs('new')).toEqual([7]);
  });

  it('holds a message after a missing seq until the sync answered, then delivers in order', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 1);
    expect(s.offer(message('c1', 4))).toBe('gap');
    expect(s.offer(message('c1', 5))).toBe('held');
    expect(seqs()).toEqual([]);
    // the sync replays 2 and 3 (3 also arrives live: dedup)
    s.offer(message('c1', 2));
    s.offer(message('c1', 3));
    s.offer(message('c1', 3));
    expect(seqs()).toEqual([2, 3, 4, 5]);
    s.endCatchUp(['c1']);
    expect(seqs()).toEqual([2, 3, 4, 5]);
  });

  it('leaves a burned seq as a gap once the sync did not return it', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 1);
    expect(s.offer(message('c1', 3))).toBe('gap');
    s.endCatchUp(['c1']); // sync.done: 2 was burned
    expect(seqs()).toEqual([3]);
    expect(s.offer(message('c1', 4))).toBe('delivered');
    expect(seqs()).toEqual([3, 4]);
  });

  it('after a reconnect, interleaved replay and live frames come out once and in order', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 10);
    s.track('c2', 0);
    s.beginCatchUp(['c1', 'c2']);
    // live 14 overtakes the replay of 11..13; 12 was burned; c2 replays 1
    for (const seq of [14, 11, 13, 14, 11]) s.offer(message('c1', seq));
    s.offer(message('c2', 1));
    expect(seqs()).toEqual([11]);
    s.endCatchUp(['c1', 'c2']);
    expect(seqs()).toEqual([11, 13, 14]);
    expect(seqs('c2')).toEqual([1]);
    expect(s.cursors()).toEqual({ c1: 14, c2: 1 });
  });

  it('skips a burned seq at the start of a sync page that has more', () => {
    const { s, seqs } = sequencer();
    s.track('c1', 0);
    s.beginCatchUp(['c1']);
    s.offer(message('c1', 2));
    s.offer(message('c1', 3));
    expect(seqs()).toEqual([]);
    s.skipGap('c1');
    expect(seqs()).toEqual([2, 3]);
    expect(s.offer(message('c1', 4))).toBe('delivered');
  });
});
