import { openDatabase } from '@ops/db';
import { dbTarget, prepareDatabase, type PreparedDatabase } from './prepare-database.js';
import { ConfigError, type Config } from './env.js';

/**
 * The child process behind `prepareInChildProcess` (bootstrap.ts): receives the console's config over IPC, creates,
 * migrates and seeds the embedded database, closes it and reports back. Its memory goes back to the system when it
 * exits.
 */
export type PrepareReply = { ok: true; prepared: PreparedDatabase } | { ok: false; message: string; configError: boolean };

function reply(message: PrepareReply): Promise<void> {
  return new Promise((done) => {
    if (!process.send) {
      done();
      return;
    }
    process.send(message, undefined, undefined, () => done());
  });
}

process.once('message', (message: unknown) => {
  const config = message as Config;
  void (async () => {
    let answer: PrepareReply;
    try {
      const dbs = await openDatabase(dbTarget(config));
      try {
        answer = { ok: true, prepared: await prepareDatabase(dbs, config) };
      } finally {
        await dbs.close();
      }
    } catch (error) {
      const configError = error instanceof ConfigError;
      const text = error instanceof Error ? (configError ? error.message : (error.stack ?? error.message)) : String(error);
      answer = { ok: false, message: text, configError };
    }
    await reply(answer);
    process.disconnect();
  })();
});
