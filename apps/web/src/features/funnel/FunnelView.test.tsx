import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  FUNNEL_STAGES,
  FUNNEL_STAGE_LABELS,
  funnelStepLabel,
  periodFromDates,
  type FunnelReport,
  type FunnelStageRow,
} from '@ops/shared';
import { renderUi } from '../../test/render';
import { FunnelView } from './FunnelView';

const ZONE = 'America/New_York';

function stage(s: FunnelStageRow['stage'], rate: number | null, previousRate: number | null): FunnelStageRow {
  return {
    stage: s,
    label: FUNNEL_STAGE_LABELS[s],
    users: 1_000,
    previousUsers: 1_000,
    windowDays: s === 'signup' ? null : 2,
    cohort: 10_000,
    converted: rate ?? 0,
    previousCohort: 10_000,
    previousConverted: previousRate,
    stepConversionBps: rate,
    previousStepConversionBps: previousRate,
    immatureDays: 0,
    previousImmatureDays: 0,
    // The effect estimate of the exact rates: 0.02 points, which alone would read "0.0 pts" between 78.5 % and 78.4 %.
    changeBps: rate === null || previousRate === null ? null : 2,
    changeLowBps: null,
    changeHighBps: null,
    pValue: null,
    significant: false,
  };
}

const report: FunnelReport = {
  timeZone: ZONE,
  period: periodFromDates('2026-11-01', '2026-11-30', ZONE),
  comparison: periodFromDates('2026-10-02', '2026-10-31', ZONE),
  comparisonUntil: null,
  stages: FUNNEL_STAGES.map((s) =>
    s === 'booking_confirmed' ? stage(s, 7_846, 7_844) : s === 'search' ? stage(s, 5_000, null) : stage(s, 5_000, 5_000),
  ),
  daily: [],
  cohorts: [],
  insights: [],
  testing: { tests: 0, errorRate: 0.05 },
  annotations: [],
  dataAsOf: null,
  firstDataDay: '2025-11-03',
};

describe('FunnelView', () => {
  it('gives a step change as the difference of the rates shown, and says when the comparison has no data', async () => {
    await renderUi(<FunnelView report={report} />);
    const confirmed = screen.getByRole('generic', { name: funnelStepLabel('booking_confirmed') });
    expect(within(confirmed).getByText('78.5%')).toBeTruthy();
    expect(within(confirmed).getByText('+0.1 pts vs 78.4%')).toBeTruthy();
    const search = screen.getByRole('generic', { name: funnelStepLabel('search') });
    expect(within(search).getByText('no data in the comparison period')).toBeTruthy();
  });

  it('says how many tests were run, and with none, that too few days were judged rather than "0 tests, each …"', async () => {
    const header = async (tests: number) => {
      const { unmount } = await renderUi(<FunnelView report={{ ...report, testing: { tests, errorRate: 0.05 } }} />);
      const text = screen.getByText(/step conversion by cohort/).textContent;
      unmount();
      return text;
    };
    const none = await header(0);
    expect(none).toContain('Too few judged days to test any change.');
    expect(none).not.toMatch(/\d+ tests?,/);
    expect(await header(1)).toContain('1 test, allowing for the ordinary swing from one day to the next.');
    expect(await header(12)).toContain(
      '12 tests, each allowing for the ordinary swing from one day to the next, corrected together.',
    );
  });

  it('tells no step change against a comparison that starts before the first funnel event', async () => {
    const stages = report.stages.map((s) => ({ ...s, previousUsers: null, previousStepConversionBps: null, changeBps: null }));
    await renderUi(<FunnelView report={{ ...report, comparison: periodFromDates('2025-10-02', '2025-10-31', ZONE), stages }} />);
    const confirmed = screen.getByRole('generic', { name: funnelStepLabel('booking_confirmed') });
    expect(within(confirmed).getByText('no data before 2025-11-03')).toBeTruthy();
    expect(screen.queryByText(/in the comparison period/)).toBeNull();
  });

  it('a period before the first funnel event says so, with or without a comparison, as the other pages do', async () => {
    const empty = (s: FunnelStageRow): FunnelStageRow => ({
      ...stage(s.stage, null, null),
      users: 0,
      previousUsers: null,
      cohort: 0,
      converted: 0,
      previousCohort: null,
      previousConverted: null,
    });
    const early: FunnelReport = {
      ...report,
      period: periodFromDates('2025-01-01', '2025-01-31', ZONE),
      stages: report.stages.map(empty),
      // What the report says of such a period, as its one insight.
      insights: [{ tone: 'info', text: 'No funnel events in this period: no data before 2025-11-03.' }],
    };
    for (const comparison of [null, periodFromDates('2024-12-01', '2024-12-31', ZONE)]) {
      const { unmount } = await renderUi(<FunnelView report={{ ...early, comparison }} />);
      for (const step of ['email_verified', 'booking_confirmed'] as const) {
        const tile = screen.getByRole('generic', { name: funnelStepLabel(step) });
        expect(within(tile).getByText('—')).toBeTruthy();
        expect(within(tile).getByText('no data before 2025-11-03')).toBeTruthy();
        expect(tile.textContent).not.toMatch(/0 of 0|no data(?! before)/);
      }
      // The sentence is said once, in the insights; the empty chart only says it has nothing to draw.
      expect(screen.getAllByText(/No funnel events in this period/)).toHaveLength(1);
      const funnel = screen.getByLabelText('Funnel');
      expect(within(funnel).getByText('Nothing to draw.')).toBeTruthy();
      fireEvent.click(within(funnel).getByRole('button', { name: 'Show table' }));
      const signedUp = (await within(funnel).findByText('Signed up')).closest('tr');
      expect(signedUp?.textContent).toContain('no data before 2025-11-03');
      unmount();
    }
  });

  it('a day too young to judge, in both periods, says so as the brief does, not "no data"', async () => {
    const young = (s: FunnelStageRow): FunnelStageRow =>
      s.stage === 'signup'
        ? s
        : {
            ...s,
            cohort: 0,
            converted: 0,
            previousCohort: 0,
            previousConverted: 0,
            stepConversionBps: null,
            previousStepConversionBps: null,
            immatureDays: 1,
            previousImmatureDays: 1,
            changeBps: null,
          };
    const today: FunnelReport = {
      ...report,
      period: periodFromDates('2026-12-03', '2026-12-03', ZONE),
      comparison: periodFromDates('2026-12-02', '2026-12-02', ZONE),
      stages: report.stages.map(young),
    };
    await renderUi(<FunnelView report={today} />);
    const confirmed = screen.getByRole('generic', { name: funnelStepLabel('booking_confirmed') });
    expect(within(confirmed).getByText('too young to judge in both periods')).toBeTruthy();
    expect(within(confirmed).queryByText(/no data/)).toBeNull();
  });

  it('without a comparison, a rate too young to judge still says why', async () => {
    const stages = report.stages.map((s) =>
      s.stage === 'booking_confirmed' ? { ...s, stepConversionBps: null, cohort: 0, converted: 0, immatureDays: 30 } : s,
    );
    await renderUi(<FunnelView report={{ ...report, comparison: null, stages }} />);
    const confirmed = screen.getByRole('generic', { name: funnelStepLabel('booking_confirmed') });
    expect(within(confirmed).getByText('too young to judge')).toBeTruthy();
  });

  it('writes the daily confirmation share as a percent, as every other table does', async () => {
    const cell = (reached: number, converted: number, mature: boolean) => ({ reached, converted, mature });
    const day = (d: string, reached: number, converted: number, mature: boolean) => ({
      day: d,
      steps: {
        email_verified: cell(0, 0, true),
        search: cell(0, 0, true),
        booking_started: cell(0, 0, true),
        booking_confirmed: cell(reached, converted, mature),
        lesson_completed: cell(0, 0, true),
      },
    });
    await renderUi(
      <FunnelView
        report={{
          ...report,
          cohorts: [day('2026-11-01', 4, 3, true), day('2026-11-02', 13, 7, true), day('2026-11-03', 2, 1, false)],
        }}
      />,
    );
    const card = screen.getByLabelText('Booking confirmation by cohort day');
    fireEvent.click(within(card).getByRole('button', { name: 'Show table' }));
    expect(await within(card).findByText('75.0%')).toBeTruthy();
    // 7 of 13 is 53.846 %.
    expect(within(card).getByText('53.8%')).toBeTruthy();
  });
});
