import type { DbOrTx } from '@ops/db';
import { maskEmail, maskName, maskPhone } from '@ops/shared';
import { DomainError } from '../errors.js';
import { creditBalanceCents, listCreditLedger, type CreditLedgerEntry } from './credits.js';

export interface StudentSummary {
  id: string;
  displayName: string;
  maskedEmail: string;
  maskedPhone: string | null;
  status: string;
  verified: boolean;
  createdAt: string;
  creditBalanceCents: number;
  ledger: CreditLedgerEntry[];
}

/** A student's user row (locked with `lock`), named as support sees it. */
export async function loadStudent(db: DbOrTx, userId: string, lock: boolean) {
  let q = db
    .selectFrom('users')
    .select(['id', 'first_name', 'last_name', 'role', 'status', 'erased_at'])
    .where('id', '=', userId);
  if (lock) q = q.forUpdate();
  const user = await q.executeTakeFirst();
  if (!user || user.role !== 'student') throw new DomainError('NOT_FOUND', 'userId: no such student');
  return {
    id: user.id,
    status: user.status,
    displayName: maskName(user.first_name, user.last_name),
    erasedAt: user.erased_at,
  };
}

/** The student page: masked contact details, credit balance and ledger. */
export async function loadStudentSummary(db: DbOrTx, userId: string): Promise<StudentSummary> {
  const [user, balance, ledger] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'first_name', 'last_name', 'email', 'phone', 'status', 'verified_at', 'created_at', 'role'])
      .where('id', '=', userId)
      .executeTakeFirst(),
    creditBalanceCents(db, userId),
    listCreditLedger(db, userId),
  ]);
  if (!user || user.role !== 'student') throw new DomainError('NOT_FOUND', 'No such student');
  return {
    id: user.id,
    displayName: maskName(user.first_name, user.last_name),
    maskedEmail: maskEmail(user.email),
    maskedPhone: maskPhone(user.phone),
    status: user.status,
    verified: user.verified_at !== null,
    createdAt: user.created_at,
    creditBalanceCents: balance,
    ledger,
  };
}
