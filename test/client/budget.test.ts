import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../src/client/budget.js';

describe('RetryBudget', () => {
  it('starts full at 500 and takes 5 per retry, 10 per retry after a timeout', () => {
    const budget = new RetryBudget();
    expect(budget.capacity).toBe(500);
    expect(budget.available).toBe(500);
    expect(budget.tryAcquire('status')?.cost).toBe(5);
    expect(budget.tryAcquire('refused')?.cost).toBe(5);
    expect(budget.tryAcquire('reset')?.cost).toBe(5);
    expect(budget.tryAcquire('timeout')?.cost).toBe(10);
    expect(budget.available).toBe(475);
  });

  it('refuses a retry when less than its cost is left, without taking anything', () => {
    const budget = new RetryBudget({ capacity: 12 });
    expect(budget.tryAcquire('status')).toBeDefined();
    expect(budget.available).toBe(7);
    expect(budget.tryAcquire('timeout')).toBeUndefined();
    expect(budget.available).toBe(7);
    expect(budget.tryAcquire('status')).toBeDefined();
    expect(budget.tryAcquire('status')).toBeUndefined();
    expect(budget.available).toBe(2);
  });

  it('runs dry after capacity / cost retries (100 with the defaults)', () => {
    const budget = new RetryBudget();
    let granted = 0;
    while (budget.tryAcquire('status') !== undefined) granted++;
    expect(granted).toBe(100);
    expect(budget.available).toBe(0);
  });

  it('gives a token its cost back on success, once', () => {
    const budget = new RetryBudget();
    const token = budget.tryAcquire('timeout');
    expect(budget.available).toBe(490);
    budget.release(token);
    expect(budget.available).toBe(500);
    const other = budget.tryAcquire('status');
    budget.release(token); // already returned: counts as a success without a retry
    expect(budget.available).toBe(496);
    budget.release(other);
    expect(budget.available).toBe(500);
  });

  it('refills 1 per success without a retry, never above capacity', () => {
    const budget = new RetryBudget({ capacity: 20 });
    budget.tryAcquire('status');
    budget.tryAcquire('status');
    expect(budget.available).toBe(10);
    for (let i = 0; i < 4; i++) budget.release();
    expect(budget.available).toBe(14);
    for (let i = 0; i < 100; i++) budget.release();
    expect(budget.available).toBe(20);
  });

  it('takes its costs and refill as options', () => {
    const budget = new RetryBudget({ capacity: 9, retryCost: 3, timeoutCost: 4, successRefill: 2 });
    expect(budget.tryAcquire('status')?.cost).toBe(3);
    expect(budget.tryAcquire('timeout')?.cost).toBe(4);
    budget.release();
    expect(budget.available).toBe(4);
  });

  it('is private: the count cannot be set from outside', () => {
    const budget = new RetryBudget({ capacity: 10 });
    expect(() => {
      (budget as unknown as { available: number }).available = 1000;
    }).toThrow(TypeError);
    expect(budget.available).toBe(10);
    expect(Object.keys(budget)).toEqual([]);
  });

  it('refuses options that are not non-negative integers', () => {
    expect(() => new RetryBudget({ capacity: -1 })).toThrow(/capacity/);
    expect(() => new RetryBudget({ retryCost: 1.5 })).toThrow(/retryCost/);
    expect(() => new RetryBudget({ timeoutCost: Number.NaN })).toThrow(/timeoutCost/);
    expect(() => new RetryBudget({ successRefill: Number.POSITIVE_INFINITY })).toThrow(
      /successRefill/,
    );
  });
});
