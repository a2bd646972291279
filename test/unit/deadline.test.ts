import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/database/deadline.js';
import { ErrorCode, GoldenThreadError } from '../../src/errors.js';

describe('the client-side deadline', () => {
  it('answers DATABASE_TIMEOUT when the work never settles, and abandons it', async () => {
    let abandoned = false;
    const error = await withDeadline(
      50,
      () => new Promise(() => undefined),
      () => (abandoned = true),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoldenThreadError);
    expect((error as GoldenThreadError).code).toBe(ErrorCode.DATABASE_TIMEOUT);
    expect(abandoned).toBe(true);
  });

  it('passes on the answer or the error of work that settles in time', async () => {
    let abandoned = false;
    await expect(
      withDeadline(
        10_000,
        async () => 42,
        () => (abandoned = true),
      ),
    ).resolves.toBe(42);
    await expect(withDeadline(10_000, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(abandoned).toBe(false);
  });
});
