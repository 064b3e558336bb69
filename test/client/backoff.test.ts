import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fullJitter } from '../../src/client/backoff.js';
import { MAX_TIMER_MS, sleep } from '../../src/client/sleep.js';

describe('fullJitter', () => {
  const base = { baseMs: 100, capMs: 20_000 };

  it('is random() times min(cap, base * 2^(attempt-1))', () => {
    expect(fullJitter(1, { ...base, random: () => 0.5 })).toBe(50);
    expect(fullJitter(2, { ...base, random: () => 0.5 })).toBe(100);
    expect(fullJitter(3, { ...base, random: () => 0.5 })).toBe(200);
    expect(fullJitter(3, { ...base, random: () => 0.999 })).toBe(399);
    expect(fullJitter(3, { ...base, random: () => 0 })).toBe(0);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(fullJitter(9, { ...base, random: () => 0.999 })).toBe(19_980);
    expect(fullJitter(50, { ...base, random: () => 0.5 })).toBe(10_000);
    expect(fullJitter(5000, { ...base, random: () => 0.5 })).toBe(10_000);
  });

  it('stays a finite number for a zero base, odd attempts and odd random values', () => {
    expect(fullJitter(5000, { baseMs: 0, capMs: 100, random: () => 0.5 })).toBe(0);
    expect(fullJitter(0, { ...base, random: () => 0.5 })).toBe(50);
    expect(fullJitter(2, { ...base, random: () => Number.NaN })).toBe(0);
    expect(fullJitter(2, { ...base, random: () => 7 })).toBe(200);
  });

  it('spreads delays over the whole range with Math.random', () => {
    const delays = Array.from({ length: 500 }, () => fullJitter(4, base));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
    expect(Math.min(...delays)).toBeLessThan(200);
    expect(Math.max(...delays)).toBeGreaterThan(600);
  });
});

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after ms, not before', async () => {
    let done = false;
    const slept = sleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
  });

  it('rejects at once with the signal reason on abort, and clears its timer', async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without a timer when the signal is already aborted', async () => {
    const reason = new Error('already');
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops listening to the signal once it resolved', async () => {
    const controller = new AbortController();
    const slept = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await slept;
    // A late abort must not reject (or throw) anything.
    controller.abort(new Error('late'));
    await expect(slept).resolves.toBeUndefined();
  });

  it('resolves a zero wait without a timer', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
    await expect(sleep(-5, new AbortController().signal)).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clamps delays setTimeout cannot honour instead of firing at once', async () => {
    let done = false;
    void sleep(Number.POSITIVE_INFINITY).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(done).toBe(true);
  });
});
