import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** Settings of the lineage service, from `lakehouse.lineage`. */
export interface LineageConfig {
  /** How old the index may be before a request rebuilds it. */
  maxAgeMs: number;
  /** When the index is rebuilt in the background. */
  refresh: SchedulerServiceTaskScheduleDefinition;
}

const KEY = 'lakehouse.lineage';

/**
 * Reads `lakehouse.lineage`: `maxAgeSeconds` (default 60) and `refresh` (a
 * schedule; default every 5 minutes, starting 20 seconds after start-up,
 * when the catalog has read its providers).
 */
export function readLineageConfig(config: Config): LineageConfig {
  const section = config.getOptionalConfig(KEY);
  const maxAgeSeconds = section?.getOptionalNumber('maxAgeSeconds') ?? 60;
  if (!(maxAgeSeconds >= 0)) {
    throw new Error(
      `${KEY}.maxAgeSeconds must be a number of seconds (0 or more), not ${maxAgeSeconds}`,
    );
  }
  let refresh: SchedulerServiceTaskScheduleDefinition = {
    frequency: { minutes: 5 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 20 },
  };
  if (section?.has('refresh')) {
    try {
      refresh = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        section.getConfig('refresh'),
      );
    } catch (error) {
      throw new Error(`${KEY}.refresh: ${(error as Error).message}`);
    }
  }
  return { maxAgeMs: maxAgeSeconds * 1000, refresh };
}
