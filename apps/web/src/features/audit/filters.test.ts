import { describe, expect, it } from 'vitest';
import { auditSearchSchema } from './filters';

describe('audit filters in the address', () => {
  it('drops a day that is not on the calendar instead of rolling it into another month or year', () => {
    expect(auditSearchSchema.parse({ from: '2026-13-45', to: '2026-02-30', resourceId: '12345' })).toEqual({
      resourceId: '12345',
    });
    expect(auditSearchSchema.parse({ from: '2024-02-29', to: '2026-12-02' })).toEqual({ from: '2024-02-29', to: '2026-12-02' });
  });
});
