import { protocolFieldProblems, type ProtocolFieldValues } from '@tongdao/protocols';
import { ConfigValidationError } from './config-validation-error';
import { GatewayConfig, SimulatorConfig } from './simulator-config';

export interface GatewayFieldProblem {
  /** e.g. `gateways.smpp.accounts.0.secret` */
  field: string;
  message: string;
}

/**
 * Every account, secret and SGIP receiver login of the simulated gateways that does not fit its protocol's fields,
 * checked by the same per-protocol functions as channels: a default the real clients cannot send is refused here.
 */
export function gatewayFieldProblems(config: Pick<SimulatorConfig, 'gateways'>): GatewayFieldProblem[] {
  return config.gateways.flatMap((gateway) => [
    ...gateway.accounts.flatMap((account, index) =>
      problemsOf(gateway, { account: account.account, password: account.secret }).map((problem) => ({
        field: `gateways.${gateway.name}.accounts.${index}.${problem.field === 'password' ? 'secret' : 'account'}`,
        message: problem.message,
      })),
    ),
    ...receiverProblems(gateway),
  ]);
}

/** Refuses a configuration with any over-long field, listing every problem at once. */
export function assertGatewayFieldLimits(config: Pick<SimulatorConfig, 'gateways'>): void {
  const problems = gatewayFieldProblems(config);
  if (problems.length === 0) return;
  throw new ConfigValidationError(
    'field_too_long',
    `simulator gateways do not fit their protocols: ${problems
      .map((problem) => `${problem.field}: ${problem.message}`)
      .join('; ')}`,
    problems[0]!.field,
  );
}

function problemsOf(gateway: GatewayConfig, values: ProtocolFieldValues) {
  return protocolFieldProblems(gateway.protocol, values);
}

function receiverProblems(gateway: GatewayConfig): GatewayFieldProblem[] {
  const receiver = gateway.sgipReceiver;
  if (!receiver || gateway.protocol !== 'sgip') return [];
  return problemsOf(gateway, {
    account: '',
    sgip: { receiver: { account: receiver.account, password: receiver.secret } },
  })
    .filter((problem) => problem.field.startsWith('sgip.receiver.'))
    .map((problem) => ({
      field: `gateways.${gateway.name}.sgipReceiver.${problem.field.endsWith('password') ? 'secret' : 'account'}`,
      message: problem.message,
    }));
}
