import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { ErrorObject } from 'ajv';
import type { ManifestObject } from '../load/model';
import { describeAjvErrors } from './ajvErrors';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: any): { validate(): void };
}

/** The core kinds infra/ may use, validated by kubernetes-models' schemas. */
const MODELS: ModelClass[] = [
  ConfigMap,
  Namespace,
  PersistentVolumeClaim,
  Secret,
  Service,
  ServiceAccount,
  DaemonSet,
  Deployment,
  StatefulSet,
  CronJob,
  Job,
  Ingress,
  NetworkPolicy,
  PodDisruptionBudget,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
];

const byType = new Map(
  MODELS.map(model => [`${model.apiVersion} ${model.kind}`, model]),
);

/** Whether kubernetes-models has a schema for this apiVersion and kind. */
export function isCoreKind(apiVersion: string, kind: string): boolean {
  return byType.has(`${apiVersion} ${kind}`);
}

/**
 * The schema errors of a core object, one sentence each, as the API server
 * would report them for types, required fields, enums and formats.
 */
export function validateCoreObject(object: ManifestObject): string[] {
  const Model = byType.get(`${object.apiVersion} ${object.kind}`);
  if (!Model) return [];
  const { apiVersion: _apiVersion, kind: _kind, ...data } = object.body;
  try {
    new Model(data).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    return errors ? describeAjvErrors(errors) : [(error as Error).message];
  }
}
