import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, teeLogger } from './logger.js';

function collector() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('copies every line at the logger level, already redacted, to a sink that joins later, until it leaves', () => {
    const main = collector();
    const logger = createLogger('debug', main.stream);
    logger.info('before');
    const tee: string[] = [];
    const stop = teeLogger(logger, { write: (line: string) => tee.push(line) });
    logger.debug({ email: 'sarah.chen@example.com' }, 'during');
    stop();
    logger.info('after');
    expect(main.lines.map((l) => l.msg)).toEqual(['before', 'during', 'after']);
    expect(tee).toHaveLength(1);
    const copied = JSON.parse(tee[0] ?? '{}') as Record<string, unknown>;
    expect(copied.msg).toBe('during');
    expect(copied.email).toBe('[redacted]');
  });

  it('drops lines below its level on every stream', () => {
    const main = collector();
    const logger = createLogger('warn', main.stream);
    const tee: string[] = [];
    teeLogger(logger, { write: (line: string) => tee.push(line) });
    logger.info('quiet');
    logger.warn('loud');
    expect(main.lines.map((l) => l.msg)).toEqual(['loud']);
    expect(tee).toHaveLength(1);
  });
});
