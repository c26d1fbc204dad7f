import { DateInput, type DateInputProps } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { localDate } from '@ops/shared';
import { businessTimeZone } from '../lib/business-time';

export type BusinessDateProps = Omit<DateInputProps, 'value' | 'defaultValue' | 'onChange' | 'maxDate'> & {
  /** A calendar day as YYYY-MM-DD, or '' for none (a form field's value, as `form.getInputProps` hands it on). */
  value?: string;
  onChange: (day: string) => void;
};

/**
 * A calendar day, typed as YYYY-MM-DD or picked from a calendar, for filters over what has happened: days after today
 * in the business zone (where the server cuts days, not the browser's zone) cannot be picked. Empty means no bound.
 * Pages use it through BusinessDateInput, which loads it (and the date library) after the page's first render.
 */
export function BusinessDateField({ value, onChange, ...rest }: BusinessDateProps) {
  return (
    <DateInput
      valueFormat="YYYY-MM-DD"
      placeholder="YYYY-MM-DD"
      clearable
      maxDate={localDate(Date.now(), businessTimeZone())}
      value={value ? value : null}
      onChange={(day) => onChange(day ?? '')}
      {...rest}
    />
  );
}
