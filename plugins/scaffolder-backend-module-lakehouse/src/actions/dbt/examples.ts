import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate a generated gold model against the manifest configured in app-config',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-model',
          name: 'Validate the dbt model',
          action: 'dbt:model:validate',
          input: {
            modelPath: 'models/gold/fct_returns.sql',
            schemaPath: 'models/gold/fct_returns.yml',
            layer: 'gold',
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate a staging model against a manifest fetched into the workspace, with own prefixes',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-model',
          name: 'Validate the dbt model',
          action: 'dbt:model:validate',
          input: {
            modelPath: 'models/staging/stg_shop__refunds.sql',
            schemaPath: 'models/staging/_shop__models.yml',
            manifest: 'target/manifest.json',
            layer: 'staging',
            namingConventions: { staging: ['stg_shop__'] },
          },
        },
      ],
    }),
  },
];
