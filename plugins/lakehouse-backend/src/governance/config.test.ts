import { ConfigReader } from '@backstage/config';
import { readGovernanceConfig } from './config';

const read = (classifications?: unknown) =>
  readGovernanceConfig(
    new ConfigReader(
      classifications === undefined
        ? {}
        : { lakehouse: { governance: { classifications } } },
    ),
  );

describe('readGovernanceConfig', () => {
  it('counts pii as the classification unless configured otherwise', () => {
    expect(read()).toEqual({ classifications: ['pii'] });
    expect(read(['PII', ' phi ', 'pii'])).toEqual({
      classifications: ['pii', 'phi'],
    });
  });

  it('refuses an empty list, which would unprotect every dataset', () => {
    expect(() => read([])).toThrow(
      'lakehouse.governance.classifications must name at least one tag',
    );
    expect(() => read(['  '])).toThrow('must name at least one tag');
  });
});
