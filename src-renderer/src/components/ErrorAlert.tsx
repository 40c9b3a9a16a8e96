import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** A refused command's safe message, above the form or table it belongs to. */
export function ErrorAlert({ message, title = 'Not completed', onClose }: { message: string | undefined; title?: string; onClose?: () => void }) {
  if (!message) return null;
  return (
    <Alert
      variant="light"
      color="red"
      title={title}
      icon={<IconAlertTriangle size={18} />}
      role="alert"
      data-testid="error-alert"
      withCloseButton={onClose !== undefined}
      onClose={onClose}
    >
      {message}
    </Alert>
  );
}
