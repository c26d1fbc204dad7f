import { schemaResolver, useForm, type FormErrors, type UseFormReturnType } from '@mantine/form';
import type { SyntheticEvent } from 'react';
import type { z } from 'zod';

export interface SchemaFormOptions<Values extends Record<string, unknown>, S extends z.ZodType> {
  /** The procedure's own input schema (shared with the server): the form checks exactly what will be sent. */
  schema: S;
  initialValues: Values;
  /** The request the values make, with what the form does not ask for (an id, cents from typed dollars). */
  toInput: (values: Values) => z.input<S>;
  /**
   * Where an issue of a request field shows when a form field of another name feeds it (`{ amountCents: 'amount' }`,
   * `{ 'audience.role': 'role' }`); others show under the field of their name.
   */
  errorFields?: Partial<Record<string, keyof Values & string>>;
  /** What the form checks before there is a request to check (e.g. "a dollar amount"); these win over the schema's. */
  check?: (values: Values) => FormErrors;
  /**
   * Checks the whole form whenever a field changes, not only on submit (for small forms whose button waits for valid
   * input): a rule that spans fields ("From must not be after To") is re-checked whichever field changed.
   */
  validateOnChange?: boolean;
  /** Shows the issues of the initial values at once (values that arrived from a link, not typed here). */
  validateInitially?: boolean;
}

export interface SchemaForm<Values, S extends z.ZodType> {
  form: UseFormReturnType<Values>;
  /**
   * A submit handler: validates, shows each issue under its field, and hands the parsed request (trimmed and
   * defaulted as the server will read it) to `send`. Works as a form's onSubmit or, called with no event, on a button.
   */
  onSubmit: (send: (request: z.output<S>) => void) => (event?: SyntheticEvent<HTMLFormElement>) => void;
}

/**
 * The form field an issue at `path` belongs to: the longest mapped prefix of the path, else the top-level field the
 * path starts in (an issue on `channels.0` shows under `channels`), else the path itself.
 */
function fieldOf(path: string, fields: Partial<Record<string, string>>, values: Record<string, unknown>): string {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const mapped = fields[parts.slice(0, n).join('.')];
    if (mapped !== undefined) return mapped;
  }
  const top = parts[0] ?? path;
  return top in values ? top : path;
}

function toFieldErrors(errors: FormErrors, fields: Partial<Record<string, string>>, values: Record<string, unknown>): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) out[fieldOf(path, fields, values)] ??= message;
  return out;
}

/**
 * A form on @mantine/form validated by the shared zod schema of the procedure it calls, so the browser and the
 * server agree on every rule and each broken rule shows under its field.
 */
export function useSchemaForm<Values extends Record<string, unknown>, S extends z.ZodType>({
  schema,
  initialValues,
  toInput,
  errorFields = {},
  check,
  validateOnChange = false,
  validateInitially = false,
}: SchemaFormOptions<Values, S>): SchemaForm<Values, S> {
  const resolve = schemaResolver(schema, { sync: true });
  const validate = (values: Values): FormErrors => ({
    ...toFieldErrors(resolve(toInput(values)), errorFields, values),
    ...check?.(values),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues,
    initialErrors: validateInitially ? validate(initialValues) : {},
    validate,
    onValuesChange: (values) => {
      if (validateOnChange) form.setErrors(validate(values));
    },
  });
  const onSubmit: SchemaForm<Values, S>['onSubmit'] = (send) =>
    form.onSubmit((values) => {
      const parsed = schema.safeParse(toInput(values));
      if (parsed.success) send(parsed.data);
    });
  return { form, onSubmit };
}
