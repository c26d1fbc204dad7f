import { pino } from 'pino';
import { PII_LOG_PATHS } from '@ops/shared';

export type Logger = pino.Logger;

interface LineSink {
  write(line: string): unknown;
}

/** The extra sinks each logger's lines are copied to (see `teeLogger`), kept beside the logger rather than on it. */
const teesOf = new WeakMap<Logger, Set<LineSink>>();

/**
 * JSON logs with PII redacted at any depth we log it (the same fields the UI masks). Without a destination they go
 * to stdout through an asynchronous buffered writer (flushed on exit), so logging never blocks a request. Lines also
 * go through a `pino.multistream` to whatever sinks join later with `teeLogger` (Axiom, once the integrations exist).
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  const paths = PII_LOG_PATHS.flatMap((p) => [p, `*.${p}`, `*.*.${p}`]);
  const options = {
    level,
    redact: { paths: [...paths, 'req.headers.cookie', 'req.headers.authorization'], censor: '[redacted]' },
  };
  if (level === 'silent') return pino(options, destination);
  const tees = new Set<LineSink>();
  const main = destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const relay = {
    write(line: string) {
      for (const sink of tees) sink.write(line);
    },
  };
  const logger = pino(
    options,
    pino.multistream([
      { stream: main, level },
      { stream: relay, level },
    ]),
  );
  teesOf.set(logger, tees);
  return logger;
}

/** Copies every line `logger` writes (already redacted) to `sink` from now on; returns how to stop. */
export function teeLogger(logger: Logger, sink: LineSink): () => void {
  const tees = teesOf.get(logger);
  if (!tees) return () => undefined;
  tees.add(sink);
  return () => tees.delete(sink);
}
