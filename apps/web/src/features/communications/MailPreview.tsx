import { Stack, Tabs, Text } from '@mantine/core';

/** The rendered email as HTML (sandboxed: no scripts, no same-origin) and as plain text. */
export function MailPreview({
  subject,
  html,
  text,
  title,
}: {
  subject: string;
  html: string | null;
  text: string;
  title: string;
}) {
  return (
    <Stack gap="xs">
      <Text size="sm" aria-label="Subject line">
        <b>Subject:</b> {subject}
      </Text>
      <Tabs defaultValue={html ? 'html' : 'text'}>
        <Tabs.List>
          {html && <Tabs.Tab value="html">HTML email</Tabs.Tab>}
          <Tabs.Tab value="text">Text</Tabs.Tab>
        </Tabs.List>
        {html && (
          <Tabs.Panel value="html" pt="xs">
            <iframe
              title={title}
              sandbox=""
              srcDoc={html}
              style={{
                width: '100%',
                height: 260,
                border: '1px solid var(--mantine-color-gray-3)',
                borderRadius: 4,
                background: 'white',
              }}
            />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="text" pt="xs">
          <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', margin: 0 }} aria-label={`${title} text`}>
            {text}
          </Text>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
