import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { DeploymentCondition } from '@internal/plugin-lakehouse-common';

/**
 * The status of a Kubernetes condition with its icon. A False condition of
 * severity Warning or Info is a warning, not an error, as KServe means it.
 */
export const ConditionStatus = ({
  condition,
}: {
  condition: Pick<DeploymentCondition, 'status' | 'severity'>;
}) => {
  switch (condition.status) {
    case 'True':
      return <StatusOK>True</StatusOK>;
    case 'False':
      return condition.severity && condition.severity !== 'Error' ? (
        <StatusWarning>False</StatusWarning>
      ) : (
        <StatusError>False</StatusError>
      );
    default:
      return <StatusPending>{condition.status ?? 'Unknown'}</StatusPending>;
  }
};
