import { CloseButton, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { isoDaySchema, localDate } from '@ops/shared';
import { useEffect, useState } from 'react';
import { businessTimeZone } from '../lib/business-time';

export type BusinessDateProps = Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange'> & {
  /** The field's text: a calendar day as YYYY-MM-DD, '' for none, or what was typed that is no day (for the form to refuse). */
  value?: string;
  onChange: (text: string) => void;
};

const isDay = (text: string) => isoDaySchema.safeParse(text).success;

/**
 * A calendar day, typed as YYYY-MM-DD or picked from a calendar, for filters over what has happened: the calendar
 * offers no day after today in the business zone (where the server cuts days, not the browser's zone). Empty means no
 * bound. Whatever is typed reaches the form (a whole day at once, anything else when the field is left or Enter is
 * pressed), so the form says what is wrong with it instead of the text vanishing and the filter running without it.
 * Pages use it through BusinessDateInput, which loads it (and the date library) after the page's first render.
 */
export function BusinessDateField({ value = '', onChange, onBlur, onKeyDown, onFocus, onClick, ...rest }: BusinessDateProps) {
  const [text, setText] = useState(value);
  const [opened, setOpened] = useState(false);
  // The form may set the value itself (a preset's days, a reset): the text follows.
  useEffect(() => setText(value), [value]);
  // On leaving the field (or Enter) the text as typed goes to the form, unless the form has it already.
  const settle = () => {
    if (text.trim() !== value) onChange(text.trim());
  };
  const pick = (day: string) => {
    setText(day);
    onChange(day);
    setOpened(false);
  };
  const today = localDate(Date.now(), businessTimeZone());
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" trapFocus={false} returnFocus={false} withRoles={false}>
      <Popover.Target>
        <TextInput
          placeholder="YYYY-MM-DD"
          autoComplete="off"
          {...rest}
          value={text}
          onChange={(event) => {
            const typed = event.currentTarget.value;
            setText(typed);
            setOpened(true);
            if (typed.trim() === '' || isDay(typed.trim())) onChange(typed.trim());
          }}
          onBlur={(event) => {
            settle();
            setOpened(false);
            onBlur?.(event);
          }}
          onKeyDown={(event) => {
            // Enter submits the form: what is typed is handed on first, so the form checks it, not the last whole day.
            if (event.key === 'Enter') settle();
            if (event.key === 'Escape' || event.key === 'Enter') setOpened(false);
            onKeyDown?.(event);
          }}
          onFocus={(event) => {
            setOpened(true);
            onFocus?.(event);
          }}
          onClick={(event) => {
            setOpened(true);
            onClick?.(event);
          }}
          rightSection={
            text === '' ? null : (
              <CloseButton
                size="sm"
                aria-label="Clear the day"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick('')}
              />
            )
          }
        />
      </Popover.Target>
      {/* A press in the calendar keeps the focus in the field, so picking a day does not leave it. */}
      <Popover.Dropdown onMouseDown={(event) => event.preventDefault()}>
        <DatePicker
          __preventFocus
          maxDate={today}
          value={isDay(text) ? text : null}
          defaultDate={isDay(text) ? text : undefined}
          onChange={(day) => pick(day ?? '')}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
