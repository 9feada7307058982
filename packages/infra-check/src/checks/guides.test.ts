import { commandsOf } from './guides';

describe('commandsOf', () => {
  it('joins continued lines and drops a prompt', () => {
    expect(
      commandsOf('$ helm install polaris x \\\n  --version 1.7.0\nls\n'),
    ).toEqual(['helm install polaris x --version 1.7.0', 'ls', '']);
  });
});
