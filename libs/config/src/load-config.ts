import { AppConfig, toAppConfig } from './app-config';
import { environmentSchema } from './app-config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates every variable at once and reports all problems together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (parsed.success && parsed.data.NODE_ENV === 'production') {
    if (!parsed.data.SECRETS_KEY) problems.push('SECRETS_KEY: required in production');
    if (!parsed.data.DATABASE_URL) problems.push('DATABASE_URL: required in production');
    if (!parsed.data.REDIS_URL) problems.push('REDIS_URL: required in production');
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return toAppConfig(parsed.data, cleaned as Record<string, string>);
}
