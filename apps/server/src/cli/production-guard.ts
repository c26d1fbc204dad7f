import { describeTarget, readEnvironmentMarker, type Db, type DbTarget } from '@ops/db';
import { PRODUCTION_OVERRIDE_FLAG } from '@ops/shared';

export interface GuardOutcome {
  allowed: boolean;
  /** What the script says before it writes (or why it will not). */
  message: string;
}

/**
 * The rule every write script follows: say which database it is about to touch, and refuse one whose marker says
 * production unless the person passed the explicit flag. Pure apart from reading the marker, so it is testable.
 */
export async function checkWriteTarget(db: Db, target: DbTarget, argv: readonly string[], script: string): Promise<GuardOutcome> {
  const marker = await readEnvironmentMarker(db);
  const where = `${describeTarget(target)} (marked ${marker ?? 'nothing yet'})`;
  if (marker === 'production' && !argv.includes(PRODUCTION_OVERRIDE_FLAG)) {
    return {
      allowed: false,
      message: `${script}: refusing to write to ${where}: this database is marked production. Pass ${PRODUCTION_OVERRIDE_FLAG} if you really mean it.`,
    };
  }
  return { allowed: true, message: `${script}: about to write to ${where}` };
}

/** Prints the outcome; false means the caller must stop without writing (and exit non-zero). */
export async function guardWriteTarget(db: Db, target: DbTarget, argv: readonly string[], script: string): Promise<boolean> {
  const outcome = await checkWriteTarget(db, target, argv, script);
  process.stderr.write(`${outcome.message}\n`);
  return outcome.allowed;
}
