import { z } from 'zod';
import type { Permission, StaffRole } from './permissions.js';

export const loginInputSchema = z.object({
  email: z.email({ message: 'Email must be an email address' }).max(254),
  password: z.string().min(1, { message: 'Password is required' }).max(200),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export interface Me {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  permissions: Permission[];
}

export interface SampleAccount {
  email: string;
  role: StaffRole;
}

export const SAMPLE_PASSWORD = 'sample-password';
export const SAMPLE_STAFF: ReadonlyArray<{ email: string; name: string; role: StaffRole }> = [
  { email: 'admin@ops.example', name: 'Ada Admin', role: 'admin' },
  { email: 'support@ops.example', name: 'Sam Support', role: 'support' },
  { email: 'exec@ops.example', name: 'Eve Exec', role: 'exec' },
  { email: 'oncall@ops.example', name: 'Omar Oncall', role: 'oncall' },
  { email: 'admin2@ops.example', name: 'Alex Admin', role: 'admin' },
];
