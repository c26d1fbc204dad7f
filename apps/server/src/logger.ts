import { pino } from 'pino';
import { PII_LOG_PATHS } from '@ops/shared';

export type Logger = pino.Logger;

/**
 * JSON logs with PII redacted at any depth we log it (the same fields the UI masks). Without a destination they go
 * to stdout through an asynchronous buffered writer (flushed on exit), so logging never blocks a request.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = PII_LOG_PATHS.flatMap((p) => [p, `*.${p}`, `*.*.${p}`]);
  return pino(
    { level, redact: { paths: [...paths, 'req.headers.cookie', 'req.headers.authorization'], censor: '[redacted]' } },
    destination ?? (level === 'silent' ? undefined : pino.destination({ dest: 1, sync: false, minLength: 4096 })),
  );
}
