// The limiter's shared store deadline (src/rate-limit/deadlines.ts) on its own, with real
// timers: which checks time out, which keep their answer, and that nothing is left behind.
// Its behaviour under a blocked event loop, against Redis, is in redis-event-loop.test.ts.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreDeadlines, StoreTimeoutError } from '../../src/rate-limit/deadlines.js';

const run = promisify(execFile);
const TIMEOUT_MS = 30;
const never = () => new Promise<string>(() => {});
const later = (ms: number, value: string) => sleep(ms).then(() => value);
const outcome = (p: Promise<string>) =>
  p.then(
    (value) => value,
    (error: unknown) => (error instanceof StoreTimeoutError ? 'timeout' : `error: ${error}`),
  );

describe('StoreDeadlines', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('works where the runtime has no setImmediate (browsers, Workers)', async () => {
    // In a process of its own: without the globals, other files' sockets in this worker break.
    const fixture = fileURLToPath(new URL('./fixtures/no-immediate.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture]);
    expect(JSON.parse(stdout)).toEqual({
      immediate: 'undefined',
      results: ['a', 'timeout', 'c'],
      idle: true,
    });
  });

  it('times out a silent store under fake timers that leave performance.now real', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const deadlines = new StoreDeadlines(TIMEOUT_MS);
    const silent = outcome(deadlines.race(never()));
    // Answered on the faked clock (the global setTimeout), well before the deadline.
    const reply = new Promise<string>((resolve) => setTimeout(() => resolve('b'), 1));
    const answered = outcome(deadlines.race(reply));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS + 1);
    expect(await silent).toBe('timeout');
    expect(await answered).toBe('b');
    expect(deadlines.idle).toBe(true);
  });

  it('times out only the checks that did not answer, in any order of settling', async () => {
    const deadlines = new StoreDeadlines(TIMEOUT_MS);
    const results = [
      deadlines.race(Promise.resolve('a')),
      deadlines.race(never()),
      deadlines.race(later(5, 'c')),
      deadlines.race(never()),
      deadlines.race(Promise.reject(new Error('READONLY'))),
      deadlines.race(later(1, 'f')),
    ].map(outcome);
    expect(await Promise.all(results)).toEqual([
      'a',
      'timeout',
      'c',
      'timeout',
      'error: Error: READONLY',
      'f',
    ]);
    expect(deadlines.idle).toBe(true);
  });

  it('keeps a timed-out check timed out when its answer comes later', async () => {
    const deadlines = new StoreDeadlines(TIMEOUT_MS);
    let answer: (value: string) => void = () => {};
    const pending = new Promise<string>((resolve) => {
      answer = resolve;
    });
    const late = outcome(deadlines.race(pending));
    expect(await late).toBe('timeout');
    answer('late');
    await pending;
    expect(await late).toBe('timeout');
    expect(deadlines.idle).toBe(true);
  });

  it('gives checks of later turns their own full time, with one timer between them', async () => {
    const deadlines = new StoreDeadlines(TIMEOUT_MS);
    const first = outcome(deadlines.race(never()));
    await sleep(TIMEOUT_MS / 2);
    // Answers 0.8 timeouts after it started, after the first check's deadline: not timed out
    // (its answer's timer is due before its deadline, however late the loop runs them).
    const second = outcome(deadlines.race(later(TIMEOUT_MS * 0.8, 'second')));
    expect(await first).toBe('timeout');
    expect(await second).toBe('second');
    const third = outcome(deadlines.race(never()));
    expect(await third).toBe('timeout');
    expect(deadlines.idle).toBe(true);
  });

  it('stop() cancels its timer and immediate only when no check waits', async () => {
    const deadlines = new StoreDeadlines(TIMEOUT_MS);
    const waiting = outcome(deadlines.race(never()));
    deadlines.stop(); // a check waits: it must still time out
    expect(await waiting).toBe('timeout');
    await deadlines.race(Promise.resolve('x'));
    deadlines.stop();
    expect(deadlines.idle).toBe(true);
  });
});
