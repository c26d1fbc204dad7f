/**
 * Just enough of PromQL's lexer for the stand-in to refuse what Prometheus refuses (empty input, unbalanced
 * brackets, unknown functions, unterminated strings) with Prometheus's own wording, and to find the metric
 * names a query reads; and to split the shapes the stand-in evaluates (a bare selector, an aggregation of one).
 */

/** The aggregation operators that take a `by (…)` or `without (…)` clause before their argument. */
const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
]);
const FUNCTIONS = new Set([
  'abs',
  'absent',
  'absent_over_time',
  'acos',
  'asin',
  'atan',
  'avg_over_time',
  'ceil',
  'changes',
  'clamp',
  'clamp_max',
  'clamp_min',
  'cos',
  'count_over_time',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'delta',
  'deriv',
  'exp',
  'floor',
  'histogram_avg',
  'histogram_count',
  'histogram_fraction',
  'histogram_quantile',
  'histogram_sum',
  'holt_winters',
  'hour',
  'idelta',
  'increase',
  'irate',
  'label_join',
  'label_replace',
  'last_over_time',
  'ln',
  'log10',
  'log2',
  'max_over_time',
  'min_over_time',
  'minute',
  'month',
  'predict_linear',
  'present_over_time',
  'quantile_over_time',
  'rate',
  'resets',
  'round',
  'scalar',
  'sgn',
  'sin',
  'sort',
  'sort_desc',
  'sqrt',
  'stddev_over_time',
  'stdvar_over_time',
  'sum_over_time',
  'tan',
  'time',
  'timestamp',
  'vector',
  'year',
  // Aggregation operators are written like calls.
  ...AGGREGATIONS,
]);
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set([...LABEL_LIST_KEYWORDS, 'bool', 'offset', 'and', 'or', 'unless', 'atan2', 'inf', 'nan']);

export type PromqlCheck = { ok: true; metrics: string[] } | { ok: false; error: string };

export function checkPromql(query: string): PromqlCheck {
  const at = (i: number) => `1:${i + 1}: parse error:`;
  if (query.trim() === '') return { ok: false, error: `1:1: parse error: no expression found in input` };
  const stack: Array<{ ch: string; pos: number }> = [];
  const metrics = new Set<string>();
  let i = 0;
  let skipLabelListDepth = -1;
  while (i < query.length) {
    const ch = query[i] ?? '';
    if (ch === '"' || ch === "'" || ch === '`') {
      const end = query.indexOf(ch, i + 1);
      if (end < 0) return { ok: false, error: `${at(i)} unterminated quoted string ${ch}` };
      i = end + 1;
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') {
      stack.push({ ch, pos: i });
      i++;
      continue;
    }
    if (ch === ')' || ch === '}' || ch === ']') {
      const open = stack.pop();
      const want = ch === ')' ? '(' : ch === '}' ? '{' : '[';
      if (!open || open.ch !== want) {
        const name = ch === ')' ? 'right parenthesis' : ch === '}' ? 'right brace' : 'right bracket';
        return { ok: false, error: `${at(i)} unexpected ${name} '${ch}'` };
      }
      if (skipLabelListDepth === stack.length) skipLabelListDepth = -1;
      i++;
      continue;
    }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(query.slice(i));
    if (ident) {
      const word = ident[0];
      const inside = stack[stack.length - 1]?.ch;
      let j = i + word.length;
      while (query[j] === ' ' || query[j] === '\n' || query[j] === '\t') j++;
      // `sum by (queue) (…)` calls sum as surely as `sum(…) by (queue)` does: its clause comes first.
      const calls = query[j] === '(' || (AGGREGATIONS.has(word) && /^(by|without)\s*\(/.test(query.slice(j)));
      if (inside !== '{' && inside !== '[' && skipLabelListDepth < 0) {
        if (LABEL_LIST_KEYWORDS.has(word) && calls) skipLabelListDepth = stack.length;
        else if (calls && !FUNCTIONS.has(word) && !KEYWORDS.has(word)) {
          return { ok: false, error: `${at(i)} unknown function with name "${word}"` };
        } else if (!calls && !KEYWORDS.has(word.toLowerCase())) metrics.add(word);
      }
      i += word.length;
      continue;
    }
    const number = /^(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][+-]?\d+)?[a-z]*)/.exec(query.slice(i));
    i += number ? number[0].length : 1;
  }
  const open = stack.pop();
  if (open) {
    const what =
      open.ch === '('
        ? 'unclosed left parenthesis'
        : open.ch === '{'
          ? 'unexpected end of input inside braces'
          : 'unclosed left bracket';
    // Prometheus reports an unclosed bracket where the input ends.
    return { ok: false, error: `${at(query.length)} ${what}` };
  }
  return { ok: true, metrics: [...metrics] };
}

/** A bare selector `name{a="x",b=~"y"}` split into its name and matchers, or null for anything else. */
export function parseSelector(
  query: string,
): { name: string; matchers: Array<{ label: string; op: string; value: string }> } | null {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s.exec(query);
  if (!m?.[1]) return null;
  const matchers: Array<{ label: string; op: string; value: string }> = [];
  const body = m[2] ?? '';
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let mm: RegExpExecArray | null;
  let consumed = 0;
  while ((mm = re.exec(body)) !== null) {
    matchers.push({ label: mm[1] ?? '', op: mm[2] ?? '=', value: mm[3] ?? '' });
    consumed = re.lastIndex;
  }
  if (body.slice(consumed).trim() !== '') return null;
  return { name: m[1], matchers };
}

/** The aggregations the stand-in evaluates over a bare selector. */
const EVALUATED_AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count']);

export interface Aggregation {
  op: 'sum' | 'avg' | 'min' | 'max' | 'count';
  /** The labels kept (`by`) or dropped (`without`, with the metric name); no clause keeps none. */
  grouping: { mode: 'by' | 'without'; labels: string[] };
  selector: NonNullable<ReturnType<typeof parseSelector>>;
}

/**
 * `sum by (queue) (name{a="x"})`, `sum(name{a="x"}) by (queue)` or `count(name)`: an aggregation of one bare selector,
 * or null for anything else.
 */
export function parseAggregation(query: string): Aggregation | null {
  const clause = /^\s*(by|without)\s*\(\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*)*)?\s*,?\s*\)/;
  const head = /^\s*([a-z]+)/.exec(query);
  const op = head?.[1] ?? '';
  if (!EVALUATED_AGGREGATIONS.has(op)) return null;
  let rest = query.slice(head?.[0].length ?? 0);
  const before = clause.exec(rest);
  if (before) rest = rest.slice(before[0].length);
  const open = /^\s*\(/.exec(rest);
  if (!open) return null;
  // The argument runs to the parenthesis that closes this one; quoted label values may hold brackets.
  let depth = 0;
  let close = -1;
  for (let i = open[0].length - 1; i < rest.length && close < 0; i++) {
    const ch = rest[i];
    if (ch === '"') {
      const quoted = /"(?:[^"\\]|\\.)*"/y;
      quoted.lastIndex = i;
      if (!quoted.exec(rest)) return null;
      i = quoted.lastIndex - 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) close = i;
  }
  if (close < 0) return null;
  const selector = parseSelector(rest.slice(open[0].length, close));
  rest = rest.slice(close + 1);
  const after = before ? null : clause.exec(rest);
  if (after) rest = rest.slice(after[0].length);
  if (!selector || rest.trim() !== '') return null;
  const grouping = before ?? after;
  const labels = (grouping?.[2] ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return {
    op: op as Aggregation['op'],
    grouping: grouping?.[1] === 'without' ? { mode: 'without', labels } : { mode: 'by', labels },
    selector,
  };
}

export function matches(labels: Record<string, string>, matchers: Array<{ label: string; op: string; value: string }>): boolean {
  return matchers.every(({ label, op, value }) => {
    const actual = labels[label] ?? '';
    if (op === '=') return actual === value;
    if (op === '!=') return actual !== value;
    // PromQL regexes are fully anchored.
    const re = new RegExp(`^(?:${value})$`);
    return op === '=~' ? re.test(actual) : !re.test(actual);
  });
}

/** Evaluates a pure number expression (`1 + 2 * (3 - 1)`), or returns null when the query is anything else. */
export function evalNumberExpression(query: string): number | null {
  if (!/^[\d.\s+\-*/()eE]+$/.test(query)) return null;
  let pos = 0;
  const peek = () => query.slice(pos).trimStart()[0];
  const skip = () => {
    while (query[pos] === ' ') pos++;
  };
  const primary = (): number | null => {
    skip();
    if (query[pos] === '(') {
      pos++;
      const v = sum();
      skip();
      if (query[pos] !== ')') return null;
      pos++;
      return v;
    }
    if (query[pos] === '-' || query[pos] === '+') {
      const sign = query[pos] === '-' ? -1 : 1;
      pos++;
      const v = primary();
      return v === null ? null : sign * v;
    }
    const m = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(query.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  const product = (): number | null => {
    let v = primary();
    while (v !== null && (peek() === '*' || peek() === '/')) {
      skip();
      const op = query[pos++];
      const r = primary();
      if (r === null) return null;
      v = op === '*' ? v * r : v / r;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (peek() === '+' || peek() === '-')) {
      skip();
      const op = query[pos++];
      const r = product();
      if (r === null) return null;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  skip();
  return v !== null && pos === query.length ? v : null;
}
