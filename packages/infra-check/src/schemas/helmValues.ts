import fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { HelmRelease } from '../load/model';
import { describeAjvErrors } from './ajvErrors';
import { dataFile } from './dataFiles';

/** Values schemas of the charts that publish one, by chart name and version (see data/README.md). */
const SCHEMAS: Record<string, Record<string, string>> = {
  polaris: { '1.7.0': 'polaris-1.7.0.values.schema.json' },
};

const compiled = new Map<string, ValidateFunction>();

/** The chart's own name: `polaris/polaris` and `oci://…/charts/kserve` → polaris, kserve. */
export function chartName(chart: string): string {
  return chart.split('/').pop()!;
}

/**
 * Checks a release's values against its chart's values.schema.json, as
 * `helm install` does. A chart infra-check has a schema for, pinned at a
 * version it has none for, is a problem: the schema would not be the one
 * Helm applies.
 */
export function validateHelmValues(release: HelmRelease): string[] {
  const versions = SCHEMAS[chartName(release.chart)];
  if (!versions) return [];
  const file = versions[release.version];
  if (!file) {
    return [
      `chart ${release.chart} is pinned at ${
        release.version
      }, but infra-check has its values schema for ${Object.keys(versions).join(
        ', ',
      )} only: copy that version's values.schema.json into packages/infra-check`,
    ];
  }
  let validate = compiled.get(file);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(fs.readFileSync(dataFile(file), 'utf8')));
    compiled.set(file, validate);
  }
  return validate(release.values ?? {})
    ? []
    : describeAjvErrors(validate.errors);
}
