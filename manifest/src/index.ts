export { fill, placeholdersIn, readEnvFiles, FillError, type EnvVars } from './fill';
export { validateManifest, SCHEMA_VERSION, type ValidationResult } from './validate';
export {
  buildAppPackage,
  PackageError,
  type PackageOptions,
  type PackageResult,
} from './package-app';
