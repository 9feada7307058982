import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate a generated feature view against a registry export fetched into the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-feature-view',
          name: 'Validate the feature view',
          action: 'feast:feature-view:validate',
          input: {
            definitionPath: 'feature_repo/customer_returns.py',
            featureView: 'customer_returns',
            registryPath: 'registry.json',
            project: 'commerce',
          },
        },
      ],
    }),
  },
  {
    description: 'Validate a feature view against names listed by the template',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-feature-view',
          name: 'Validate the feature view',
          action: 'feast:feature-view:validate',
          input: {
            definitionPath: 'feature_repo/customer_returns.py',
            featureView: 'customer_returns',
            existing: {
              entities: ['customer'],
              dataSources: ['customer_features', 'customer_profile'],
              featureViews: ['customer_order_stats', 'customer_profile'],
            },
          },
        },
      ],
    }),
  },
];
