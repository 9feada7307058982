import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readPolarisConfig } from './config';

const read = (polaris: JsonValue) =>
  readPolarisConfig(
    new ConfigReader({ lakehouse: { governance: { polaris } } }),
  );

describe('readPolarisConfig', () => {
  it('is undefined when lakehouse.governance.polaris is not set', () => {
    expect(readPolarisConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('fills in the defaults of the Iceberg provider and Polaris', () => {
    const config = read({
      url: 'http://polaris:8181/',
      catalog: 'lakehouse',
      auth: { type: 'oauth2', clientId: 'portal', clientSecret: 's' },
    })!;
    expect(config.managementUrl).toBe('http://polaris:8181/api/management/v1');
    expect(config.auth).toEqual({
      type: 'oauth2',
      clientId: 'portal',
      clientSecret: 's',
      scope: 'PRINCIPAL_ROLE:ALL',
      tokenUrl: 'http://polaris:8181/api/catalog/v1/oauth/tokens',
    });
    expect(config.trinoCatalog).toBe('lakehouse');
    expect(config.cacheMs).toBe(30_000);
    expect(config.requestTimeoutMs).toBe(10_000);
  });

  it('maps principals to users and principal roles to groups, as a map or a list', () => {
    const config = read({
      url: 'http://polaris:8181',
      catalog: 'warehouse',
      principals: { ada: 'ada', bob: 'user:default/Bob' },
      principalRoles: [
        { principalRole: 'data.analysts', group: 'analysts' },
        { principalRole: 'ops', group: 'group:platform/ops' },
      ],
    })!;
    expect([...config.principals]).toEqual([
      ['ada', 'user:default/ada'],
      ['bob', 'user:default/bob'],
    ]);
    expect([...config.principalRoles]).toEqual([
      ['data.analysts', 'group:default/analysts'],
      ['ops', 'group:platform/ops'],
    ]);
  });

  it('names the key of what is missing or wrong', () => {
    expect(() => read({ catalog: 'c' })).toThrow(
      "Missing required config value at 'lakehouse.governance.polaris.url'",
    );
    expect(() => read({ url: 'polaris', catalog: 'c' })).toThrow(
      `Invalid configuration at 'lakehouse.governance.polaris.url': "polaris" is not a URL`,
    );
    expect(() =>
      read({ url: 'http://p', catalog: 'c', auth: { type: 'basic' } }),
    ).toThrow(
      `Invalid configuration at 'lakehouse.governance.polaris.auth.type': "basic" is not one of oauth2, bearer`,
    );
    expect(() =>
      read({ url: 'http://p', catalog: 'c', auth: { type: 'oauth2' } }),
    ).toThrow('lakehouse.governance.polaris.auth.clientId');
    expect(() =>
      read({
        url: 'http://p',
        catalog: 'c',
        principals: { ada: 'user:' },
      }),
    ).toThrow(
      `Invalid configuration at 'lakehouse.governance.polaris.principals.ada'`,
    );
    expect(() =>
      read({ url: 'http://p', catalog: 'c', requestTimeoutMs: 0 }),
    ).toThrow(
      "Invalid configuration at 'lakehouse.governance.polaris.requestTimeoutMs': must be a positive number, got 0",
    );
  });
});
