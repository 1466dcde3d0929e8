/**
 * The page's query keys (`model`, `conversion`) read from the URL, and the names of the
 * attribution models and conversion kinds in the reader's language.
 */
import { CONVERSIONS, type Conversion, NO_CHANNEL } from '../../api/types.js'
import type { ChannelsKey } from './messages.js'

/** Leads are the conversion every installation has from its first day; customers come later. */
export const DEFAULT_CONVERSION: Conversion = 'lead'
/** The read API's own default for money KPIs (see the overview), so both pages agree. */
export const DEFAULT_MODEL = 'linear'

type Translate = (key: ChannelsKey) => string

/** The `conversion` query key, or the default when absent or not a conversion kind. */
export function conversionFromQuery(value: string | undefined): Conversion {
  return CONVERSIONS.find((conversion) => conversion === value) ?? DEFAULT_CONVERSION
}

/**
 * The `model` query key when the mart has that model; else `linear` when it has it, else its
 * first model. An unknown model in a shared link thus falls back instead of showing nothing.
 * Before the models are known (`meta` still loading) the query's model is taken as it is, so
 * that the channels are not fetched twice.
 */
export function modelFromQuery(value: string | undefined, models: readonly string[]): string {
  if (models.length === 0) return value || DEFAULT_MODEL
  if (value !== undefined && models.includes(value)) return value
  if (models.includes(DEFAULT_MODEL)) return DEFAULT_MODEL
  return models[0] ?? DEFAULT_MODEL
}

const MODEL_KEYS: Record<string, ChannelsKey> = {
  first_touch: 'model_first_touch',
  last_touch: 'model_last_touch',
  last_non_direct: 'model_last_non_direct',
  linear: 'model_linear',
  time_decay: 'model_time_decay',
  position_based: 'model_position_based',
  w_shaped: 'model_w_shaped',
  full_path: 'model_full_path',
  markov: 'model_markov',
  shapley: 'model_shapley',
}

/** A model's name; a model the catalogue does not know (a custom var) shows its id. */
export function modelName(t: Translate, model: string): string {
  const key = MODEL_KEYS[model]
  return key === undefined ? model : t(key)
}

const CONVERSION_KEYS: Record<Conversion, ChannelsKey> = {
  lead: 'conversion_lead',
  mql: 'conversion_mql',
  sql: 'conversion_sql',
  opportunity: 'conversion_opportunity',
  customer: 'conversion_customer',
}

/** A channel as the marts name it, but the no-visit channel in words. */
export function channelName(t: Translate, channel: string): string {
  return channel === NO_CHANNEL ? t('noChannel') : channel
}

export function conversionName(t: Translate, conversion: Conversion): string {
  return t(CONVERSION_KEYS[conversion])
}
