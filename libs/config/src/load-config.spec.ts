import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('runs embedded with no variables at all', async () => {
    const config = loadConfig({});
    await expect(Promise.resolve(config.mode)).resolves.toBe('embedded');
    expect(config.api.port).toBe(3000);
    expect(config.startSimulator).toBe(true);
    expect(config.security.secretsKey).toHaveLength(32);
  });

  it('switches to external servers when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.mode).toBe('external');
    expect(config.startSimulator).toBe(false);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('reports every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', SECRETS_KEY: 'short', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['API_PORT', 'DATABASE_URL', 'SECRETS_KEY', 'LOG_LEVEL'])
      expect(problems).toContain(name);
  });

  it('demands real servers and a secrets key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SECRETS_KEY[\s\S]*DATABASE_URL[\s\S]*REDIS_URL/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).mode).toBe('embedded');
  });
});
