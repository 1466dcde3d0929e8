/**
 * @leadhouse/collector: the HTTP door into the warehouse, and the process that schedules
 * model builds.
 */

export { signBody, verifySignature } from './alerts/signature.js'
export { type AppDeps, createApp } from './app.js'
export { type CollectorConfig, ConfigError, configFromEnv, type SiteConfig } from './config.js'
export {
  claimDemoDirectory,
  DemoDirectoryError,
  type DemoMark,
  readDemoMark,
  writeDemoMark,
} from './demo/demo-directory.js'
export { type ReadRoutesOptions, readRoutes } from './routes/read/routes.js'
export {
  chooseEncoding,
  loadSdkScript,
  SDK_ENCODINGS,
  type SdkEncoding,
  type SdkScript,
  sdkRoutes,
} from './routes/sdk.js'
export { type RunningCollector, type StartCollectorOptions, startCollector } from './server.js'
