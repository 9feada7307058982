module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The fault tests assert through expectKeptAfter.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectKeptAfter'] },
    ],
  },
});
