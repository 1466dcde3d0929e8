/**
 * @leadhouse/generate: synthetic B2B journeys written straight into the raw tables, for demos,
 * tests and benchmarks. Same seed and options, same rows. The CLI is `pnpm generate`.
 */

export type { JourneyCounts } from './context.js'
export {
  GENERATE_DEFAULTS,
  GENERATE_RANGE,
  GenerateOptionError,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateSummary,
  generate,
  MAX_DAYS,
  MAX_EVENTS,
  resolveGenerateOptions,
} from './generate.js'
