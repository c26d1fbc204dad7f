/**
 * Just enough of PromQL's lexer for the stand-in to refuse what Prometheus refuses (empty input, unbalanced
 * brackets, unknown functions, unterminated strings) with Prometheus's own wording, and to find the metric
 * names a query reads. It does not evaluate anything.
 */
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
      const calls = query[j] === '(';
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
