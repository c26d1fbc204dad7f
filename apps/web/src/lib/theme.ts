import { Badge, createTheme, type TextareaProps } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  components: {
    // A status badge is read, not skimmed: it keeps its whole text and table columns make room for it.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible' } } }),
    // Free text (reasons, comments, notes, messages) grows with what is typed, from two lines. A plain object, not
    // Textarea.extend: importing the component here would move it into every page's first load.
    Textarea: { defaultProps: { autosize: true, minRows: 2 } satisfies Partial<TextareaProps> },
  },
});
