/**
 * Progress of a long publish on stderr: a bar redrawn in place (counts, rate, time left) on a
 * terminal; plain lines every few seconds otherwise (CI logs, a pipe), so a log is not flooded with
 * carriage returns and still shows the load moving.
 */
import type { PublishProgress } from './publish.js';

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const LABEL: Record<PublishProgress['phase'], string> = { write: 'writing load files', load: 'loading' };

/** `1,234,567`. */
const n = (value: number) => Math.round(value).toLocaleString('en');

/** `1h02m`, `3m05s`, `12s`, or `?`. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One progress line: phase, counts, percentage, rate and time left. */
export function progressText(p: PublishProgress, width = 24): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${LABEL[p.phase]} ${bar} ${n(p.done)}/${n(p.total)} quads (${Math.round(fraction * 100)}%), ${n(p.rate)} quads/s, ${duration(p.etaSeconds)} left`;
}

/** A progress callback writing to `sink`; `end()` finishes the bar's line. */
export function progressReporter(sink: ProgressSink, everyMs = 5000): { report: (p: PublishProgress) => void; end: () => void } {
  let last = 0;
  let lastPhase: string | undefined;
  let open = false;
  let finishedWritten = false;
  return {
    report(p) {
      const now = Date.now();
      const finished = p.done >= p.total;
      if (lastPhase !== p.phase) finishedWritten = false;
      if (sink.isTTY) {
        if (now - last < 100 && lastPhase === p.phase && !finished) return; // redrawn at most 10 times a second
        last = now;
        if (lastPhase !== undefined && lastPhase !== p.phase && open) sink.write('\n');
        sink.write(`\r${progressText(p)}\u001b[K`);
        open = true;
      } else if (now - last >= everyMs || lastPhase !== p.phase || (finished && !finishedWritten)) {
        sink.write(`${progressText(p)}\n`);
        last = now;
        finishedWritten = finished;
      }
      lastPhase = p.phase;
    },
    end() {
      if (open) sink.write('\n');
      open = false;
    },
  };
}
