/**
 * What a lead's row shows wherever leads are listed (the lead list, the sales queue): the leads
 * mart's columns and their API fields, so that both lists name and convert them alike.
 */
import { type LeadListRow, NO_CHANNEL } from '@leadhouse/dashboards/api-types'
import { orNull } from './marts.js'

/** The leads mart's columns of a listed lead, as `leadColumns` selects them. */
export interface LeadColumns {
  email: string
  name: string
  company: string
  score: number
  temperature: LeadListRow['temperature']
  traffic_light: LeadListRow['trafficLight']
  first_touch_channel: string
  owner: string
}

type LeadFields = Pick<
  LeadListRow,
  | 'email'
  | 'name'
  | 'company'
  | 'score'
  | 'temperature'
  | 'trafficLight'
  | 'owner'
  | 'firstTouchChannel'
>

const COLUMNS = [
  'email',
  'name',
  'company',
  'score',
  'temperature',
  'traffic_light',
  'first_touch_channel',
  'owner',
] as const satisfies readonly (keyof LeadColumns)[]

/**
 * The SELECT list of `LeadColumns`; qualified by `table` (`leads.email AS email`) where the query
 * joins another table that has columns of the same names.
 */
export function leadColumns(table?: string): string {
  return COLUMNS.map((column) =>
    table === undefined ? column : `${table}.${column} AS ${column}`,
  ).join(', ')
}

/** A listed lead's API fields: the marts' '' as null, and the no-visit channel too. */
export function leadFields(row: LeadColumns): LeadFields {
  return {
    email: row.email,
    name: orNull(row.name),
    company: orNull(row.company),
    score: row.score,
    temperature: row.temperature,
    trafficLight: row.traffic_light,
    owner: orNull(row.owner),
    firstTouchChannel: channelOrNull(row.first_touch_channel),
  }
}

/** A lead's first-touch channel for the API: none ('') and the no-visit channel both as null. */
export function channelOrNull(channel: string): string | null {
  return channel === NO_CHANNEL ? null : orNull(channel)
}
