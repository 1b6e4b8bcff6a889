/** The publish progress: a bar redrawn in place on a terminal, plain lines now and then otherwise. */
import { describe, expect, it } from 'vitest';
import { duration, progressReporter, progressText } from '../../src/store/progress.js';

describe('publish progress', () => {
  it('says counts, percentage, rate and time left', () => {
    expect(progressText({ phase: 'load', done: 250_000, total: 1_000_000, rate: 50_000, etaSeconds: 15 }, 8))
      .toBe('loading [##......] 250,000/1,000,000 quads (25%), 50,000 quads/s, 15s left');
    expect(duration(3725)).toBe('1h02m');
    expect(duration(185)).toBe('3m05s');
    expect(duration(undefined)).toBe('?');
  });

  it('redraws one line on a terminal, and writes whole lines, few of them, elsewhere', () => {
    const tty: string[] = [];
    const bar = progressReporter({ isTTY: true, write: (t) => tty.push(t) });
    for (let done = 0; done <= 10; done++) bar.report({ phase: 'load', done, total: 10, rate: 1, etaSeconds: 10 - done });
    bar.end();
    expect(tty.slice(0, -1).every((t) => t.startsWith('\r') && !t.includes('\n'))).toBe(true);
    expect(tty.at(-1)).toBe('\n');

    const log: string[] = [];
    const lines = progressReporter({ isTTY: false, write: (t) => log.push(t) }, 60_000);
    for (let done = 0; done <= 10; done++) lines.report({ phase: 'load', done, total: 10, rate: 1, etaSeconds: 10 - done });
    lines.end();
    expect(log).toHaveLength(2); // the first, and the last (done)
    expect(log.every((t) => t.endsWith('\n') && !t.includes('\r'))).toBe(true);
  });
});
