import { useEffect } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router-dom';
import { hasBridge } from './api';
import { useSession } from './stores/session.store';
import { phaseOf } from './lib/phase';
import { useStatusPoll } from './hooks/useStatusPoll';
import { UnlockScreen } from './screens/UnlockScreen';
import { LoginScreen } from './screens/LoginScreen';
import { NotInitialisedScreen, UnreachableScreen } from './screens/SystemScreens';
import { Shell } from './components/Shell';
import { HomeScreen } from './screens/HomeScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { OperatorsScreen } from './screens/operators/OperatorsScreen';
import { LedgerScreen } from './screens/ledger/LedgerScreen';
import { BundlesScreen } from './screens/bundles/BundlesScreen';
import { EvidenceScreen } from './screens/evidence/EvidenceScreen';
import { WithdrawalsScreen } from './screens/withdrawals/WithdrawalsScreen';
import { KycScreen } from './screens/kyc/KycScreen';
import { AlertsScreen } from './screens/alerts/AlertsScreen';
import { CasesScreen } from './screens/cases/CasesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ModuleScreen } from './screens/ModuleScreen';
import { RequireModule } from './components/RequireModule';
import { MODULES } from './lib/modules';

export function App() {
  const status = useSession((s) => s.status);
  const reachable = useSession((s) => s.reachable);
  const operator = useSession((s) => s.operator);
  const refreshStatus = useSession((s) => s.refreshStatus);

  useEffect(() => {
    if (hasBridge()) void refreshStatus();
  }, [refreshStatus]);
  useStatusPoll();

  if (!hasBridge()) return <UnreachableScreen bridgeMissing />;

  const phase = phaseOf(status, reachable, operator);
  switch (phase) {
    case 'starting':
      return (
        <Center h="100%">
          <Stack align="center" gap="xs">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              Connecting to the console core…
            </Text>
          </Stack>
        </Center>
      );
    case 'unreachable':
      return <UnreachableScreen />;
    case 'uninitialised':
      return <NotInitialisedScreen />;
    case 'locked':
      return <UnlockScreen />;
    case 'signedOut':
      return <LoginScreen />;
    case 'signedIn':
      return (
        <Shell>
          <Routes>
            <Route path="/" element={<HomeScreen />} />
            <Route
              path="/audit"
              element={
                <RequireModule module="audit">
                  <AuditScreen />
                </RequireModule>
              }
            />
            <Route
              path="/kyc"
              element={
                <RequireModule module="kyc">
                  <KycScreen />
                </RequireModule>
              }
            />
            <Route
              path="/alerts"
              element={
                <RequireModule module="alerts">
                  <AlertsScreen />
                </RequireModule>
              }
            />
            <Route
              path="/cases"
              element={
                <RequireModule module="cases">
                  <CasesScreen />
                </RequireModule>
              }
            />
            <Route
              path="/withdrawals"
              element={
                <RequireModule module="withdrawals">
                  <WithdrawalsScreen />
                </RequireModule>
              }
            />
            <Route
              path="/ledger"
              element={
                <RequireModule module="ledger">
                  <LedgerScreen />
                </RequireModule>
              }
            />
            <Route
              path="/bundles"
              element={
                <RequireModule module="bundles">
                  <BundlesScreen />
                </RequireModule>
              }
            />
            <Route
              path="/evidence"
              element={
                <RequireModule module="evidence">
                  <EvidenceScreen />
                </RequireModule>
              }
            />
            <Route
              path="/operators"
              element={
                <RequireModule module="operators">
                  <OperatorsScreen />
                </RequireModule>
              }
            />
            <Route path="/settings" element={<SettingsScreen />} />
            {MODULES.filter((m) => !m.available).map((m) => (
              <Route key={m.key} path={m.path} element={<ModuleScreen module={m} />} />
            ))}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Shell>
      );
    default: {
      const unreachable: never = phase;
      return unreachable;
    }
  }
}
