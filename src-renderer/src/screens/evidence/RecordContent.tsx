import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Image, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypePdf } from '@tabler/icons-react';
import { formatBytes, fromBase64 } from '../../lib/bytes';
import { contentKind, displayText, recordFileName } from './record-content';
import type { RecordView } from './RecordBadges';
import { saveFile } from '../../lib/save-file';
import classes from './evidence.module.css';

/** An object URL for bytes, revoked when the component goes away or the bytes change. */
function useObjectUrl(bytes: Uint8Array<ArrayBuffer> | undefined, type: string): string | undefined {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!bytes) return;
    const made = URL.createObjectURL(new Blob([bytes], { type }));
    setUrl(made);
    return () => {
      URL.revokeObjectURL(made);
      setUrl(undefined);
    };
  }, [bytes, type]);
  return url;
}

/**
 * A record's content after a logged read: text and JSON inline, raster images inline, PDFs and
 * other files saved to disk (see record-content.ts for why the console does not embed them).
 */
export function RecordContent({ record, contentBase64 }: { record: RecordView; contentBase64: string }) {
  const kind = contentKind(record.contentType);
  const bytes = useMemo(() => fromBase64(contentBase64), [contentBase64]);
  const imageUrl = useObjectUrl(kind === 'image' ? bytes : undefined, record.contentType);
  const save = (): void => saveFile(recordFileName(record), bytes, record.contentType);
  const saveButton = (
    <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={save} data-testid="record-save">
      Save a copy ({formatBytes(bytes.length)})
    </Button>
  );

  switch (kind) {
    case 'text':
    case 'json': {
      const shown = displayText(bytes, kind);
      return (
        <Stack gap={6}>
          {shown.note && (
            <Text size="xs" c="orange.8">
              {shown.note}
            </Text>
          )}
          <pre className={classes.content} data-testid="record-content" data-kind={kind}>
            {shown.text}
          </pre>
          <Group justify="flex-end">{saveButton}</Group>
        </Stack>
      );
    }
    case 'image':
      return (
        <Stack gap={6}>
          {imageUrl && <Image src={imageUrl} alt={record.title} fit="contain" mah={520} radius="sm" className={classes.imageFrame} data-testid="record-content" data-kind={kind} />}
          <Group justify="flex-end">{saveButton}</Group>
        </Stack>
      );
    case 'pdf':
    case 'file':
      return (
        <Alert
          variant="light"
          color="gray"
          icon={<IconFileTypePdf size={18} />}
          title={kind === 'pdf' ? 'PDF document' : `${record.contentType} file`}
          data-testid="record-content"
          data-kind={kind}
        >
          <Stack gap="xs">
            <Text size="sm">
              {kind === 'pdf'
                ? 'The console does not open documents inside its window (no embedded viewers, by its security policy). Save a copy and open it with the workstation’s PDF reader.'
                : 'This type is not shown inside the console. Save a copy to open it with a program that reads it.'}
            </Text>
            <Text size="xs" c="dimmed">
              The copy is the content as read and checked against the vault’s checksum just now.
            </Text>
            <Group>{saveButton}</Group>
          </Stack>
        </Alert>
      );
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
}
