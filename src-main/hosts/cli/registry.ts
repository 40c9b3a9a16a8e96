/** The CLI's commands, in the order help lists them. */
import type { CliCommand } from './command';
import { initCommand } from './commands/init.command';
import { statusCommand } from './commands/status.command';
import { demoCommand } from './commands/demo.command';
import { auditListCommand, auditVerifyCommand } from './commands/audit.command';
import { operatorsAddCommand, operatorsListCommand } from './commands/operators.command';
import { callCommand } from './commands/call.command';
import { BUNDLE_COMMANDS } from './commands/bundle.command';
import { NODE_COMMANDS } from './commands/node.command';
import { evidenceExportCommand, evidenceVerifyCommand } from './commands/evidence.command';
import { KYC_COMMANDS } from './commands/kyc.command';
import { MONITORING_COMMANDS } from './commands/monitoring.command';
import { CASES_COMMANDS } from './commands/cases.command';

export const CLI_COMMANDS: readonly CliCommand[] = [
  initCommand,
  statusCommand,
  demoCommand,
  auditListCommand,
  auditVerifyCommand,
  evidenceExportCommand,
  evidenceVerifyCommand,
  operatorsListCommand,
  operatorsAddCommand,
  ...BUNDLE_COMMANDS,
  ...KYC_COMMANDS,
  ...MONITORING_COMMANDS,
  ...CASES_COMMANDS,
  ...NODE_COMMANDS,
  callCommand,
];
