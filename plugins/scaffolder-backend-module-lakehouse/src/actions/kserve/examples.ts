import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate a generated InferenceService with its MinIO Secret and ServiceAccount',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-inference-service',
          name: 'Validate the InferenceService',
          action: 'kserve:inferenceservice:validate',
          input: { manifestPath: 'serving/customer-churn.yaml' },
        },
      ],
    }),
  },
  {
    description:
      'Validate against a cluster whose default deployment mode is Standard',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-inference-service',
          name: 'Validate the InferenceService',
          action: 'kserve:inferenceservice:validate',
          input: {
            manifestPath: 'serving/customer-churn.yaml',
            defaultDeploymentMode: 'Standard',
          },
        },
      ],
    }),
  },
];
