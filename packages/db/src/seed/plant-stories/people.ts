import { DAY, iso } from '../factories.js';
import {
  ELENA,
  FRAUD_STUDENT,
  MARCUS,
  PAYOUT_HOLD_INSTRUCTOR,
  SARAH,
  SUSPENDED_STUDENT,
  UNVERIFIED_STUDENTS,
} from '../stories.js';
import type { StoryKit, StoryTeacher } from './kit.js';

export interface StoryInstructors {
  marcus: StoryTeacher;
  elena: StoryTeacher;
  david: StoryTeacher;
}

/** The stories' people: Sarah, the fraud signal, Marcus's five students, a suspended and three unverified students, and the three instructors. */
export function plantPeople(kit: StoryKit): StoryInstructors {
  const { nowMs, nextId, student, instructor } = kit;
  student(SARAH.userId, SARAH.email, SARAH.firstName, SARAH.lastName, SARAH.phone, 320, {
    stripe_customer_id: SARAH.stripeCustomerId,
  });
  student(FRAUD_STUDENT.userId, FRAUD_STUDENT.email, FRAUD_STUDENT.firstName, FRAUD_STUDENT.lastName, '+1 305-555-0199', 75);
  const marcusStudents: Array<[string, string]> = [
    ['Priya', 'Patel'],
    ['Jordan', 'Lee'],
    ['Emma', 'Wilson'],
    ['Diego', 'Alvarez'],
    ['Noah', 'Kim'],
  ];
  marcusStudents.forEach(([first, last], i) => {
    const id = MARCUS.studentIds[i] ?? nextId();
    student(id, `${first}.${last}@example.com`, first, last, `+1 718-555-01${String(60 + i)}`, 200 - i * 20);
  });
  student(SUSPENDED_STUDENT.userId, SUSPENDED_STUDENT.email, 'Blake', 'Turner', '+1 347-555-0177', 150, {
    status: 'suspended',
    suspended_at: iso(nowMs - 5 * DAY),
    suspension_reason: 'Abusive messages to instructors',
  });
  UNVERIFIED_STUDENTS.userIds.forEach((id, i) => {
    student(
      id,
      UNVERIFIED_STUDENTS.emails[i] ?? `new.learner${i}@example.com`,
      ['Ivy', 'Max', 'Lola'][i] ?? 'New',
      'Learner',
      `+1 201-555-01${String(20 + i)}`,
      i + 1,
      {
        verified_at: null,
        stripe_customer_id: null,
      },
    );
  });
  const marcus = instructor(
    MARCUS.userId,
    MARCUS.email,
    MARCUS.firstName,
    MARCUS.lastName,
    'standard',
    { guitar: { id: MARCUS.instructorServiceId, rate: 9_000 } },
    {
      headline: 'Guitar for all levels: rock, blues, fingerstyle',
    },
  );
  const elena = instructor(
    ELENA.userId,
    ELENA.email,
    'Elena',
    'Petrova',
    'preferred',
    {
      piano: { id: ELENA.instructorServiceId, rate: 12_000 },
      'sat-prep': { id: ELENA.satServiceId, rate: 16_000 },
    },
    { headline: 'Conservatory-trained pianist and SAT coach' },
  );
  const david = instructor(
    PAYOUT_HOLD_INSTRUCTOR.userId,
    PAYOUT_HOLD_INSTRUCTOR.email,
    'David',
    'Okafor',
    'founding',
    {
      spanish: { id: PAYOUT_HOLD_INSTRUCTOR.instructorServiceId, rate: 11_000 },
    },
    { headline: 'Conversational Spanish, fast', payout_hold: true, payout_hold_reason: 'Chargeback review pending' },
  );
  return { marcus, elena, david };
}
