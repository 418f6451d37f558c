// `ack-serving/models`: model fleets from a catalog, one model's versions and routes, the built-in
// profiles and the catalog's types and schema. Rule functions: `ack-serving/rules`.
export {
  ModelFleet,
  ModelService,
  ModelServiceAccount,
  loadCatalog,
  BUILTIN_PROFILES,
  CPU_SCORING_PROFILE,
  STABLE_DIFFUSION_GPU_PROFILE,
  CATALOG_SCHEMA,
  LATEST_TAG,
  MODEL_LABEL,
  TEAM_LABEL,
  VERSION_LABEL,
  DEFAULT_SLO_WINDOW,
  RRSA_ROLE_ANNOTATION,
  RRSA_INJECTION_LABEL,
  OSS_ACCESS_ANNOTATION,
} from '../models';
export type * from '../models';
