/**
 * Offline validation of infra/: YAML syntax, Kubernetes schemas, the KServe
 * CRD, Helm values schemas, cross-references between objects, the portal's
 * production app-config against its configuration schema, and the setup and
 * teardown guides against what infra/ deploys.
 *
 * @packageDocumentation
 */
export { checkInfra, type CheckInfraOptions } from './checkInfra';
export { formatProblem, type Problem } from './problems';
