import { Button, EmptyState } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import type { ModuleInfo } from '../lib/modules';
import { MODULE_ICONS } from '../components/moduleIcons';
import { PageHeader } from '../components/PageHeader';

/** A module that this build does not contain yet: said plainly, with no sample data. */
export function ModuleScreen({ module }: { module: ModuleInfo }) {
  const navigate = useNavigate();
  const Icon = MODULE_ICONS[module.key];
  return (
    <>
      <PageHeader title={module.label} description={module.description} />
      <EmptyState
        mt={60}
        data-testid="module-unavailable"
        icon={<Icon size={28} stroke={1.5} />}
        withIndicatorBackground
        title={`${module.label} is not available in this build`}
        description="This version of the console does not include the module yet. No data is shown because none exists here."
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={() => void navigate('/')}>
            Back to Home
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </>
  );
}
