import { analyticsCases } from './analytics.js';
import { auditCases } from './audit.js';
import { supportCases } from './support.js';
import type { BenchCase } from './types.js';

/** Every feature's benchmark cases; a feature adds one import and spreads its cases here. */
export const BENCH_CASES: BenchCase[] = [...supportCases, ...analyticsCases, ...auditCases];
