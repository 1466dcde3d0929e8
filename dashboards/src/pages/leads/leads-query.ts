/**
 * The Leads page's state lives in the URL (`q`, `stage`, `temperature`, `channel`, `scoreMin`,
 * `scoreMax`, `sort`, `order`, `page`): these pure functions read it, turn it into the read API's
 * parameters and compute the patches that a filter, a sort or a page change applies to it.
 */
import {
  type LeadListRow,
  LIFECYCLE_STAGES,
  TEMPERATURES,
  type Temperature,
} from '../../api/types.js'

/** The columns the read API sorts by: the keys of a row. */
export const SORT_KEYS = [
  'email',
  'name',
  'company',
  'score',
  'temperature',
  'trafficLight',
  'stage',
  'owner',
  'firstTouchChannel',
  'lastActivityAt',
] as const satisfies ReadonlyArray<keyof LeadListRow>
export type SortKey = (typeof SORT_KEYS)[number]
export type SortOrder = 'asc' | 'desc'

/** The read API refuses scores beyond ±this (`scoreMin`, `scoreMax`). */
export const SCORE_LIMIT = 10_000

/** Rows per page: the read API allows up to 200; 50 keeps a page quick to scan. */
export const PAGE_SIZE = 50

/** Without `sort` in the URL: the hottest leads first, the list a salesperson starts from. */
export const DEFAULT_SORT: SortKey = 'score'
/** A column's first click sorts numbers and times high to low, text A to Z. */
const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(['score', 'lastActivityAt'])

export interface LeadsQuery {
  q: string
  stage: string | undefined
  temperature: Temperature | undefined
  channel: string | undefined
  scoreMin: number | undefined
  scoreMax: number | undefined
  sort: SortKey
  order: SortOrder
  page: number
}

const isOneOf = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value)

function readNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}

/** The page's state from the query string; a value that makes no sense is left out, not an error. */
export function readLeadsQuery(query: Record<string, string | undefined>): LeadsQuery {
  const sort = isOneOf(SORT_KEYS, query.sort) ? query.sort : DEFAULT_SORT
  const order: SortOrder =
    query.order === 'asc' || query.order === 'desc'
      ? query.order
      : DESCENDING_FIRST.has(sort)
        ? 'desc'
        : 'asc'
  const page = Math.floor(readNumber(query.page) ?? 1)
  return {
    q: query.q?.trim() ?? '',
    stage: isOneOf(LIFECYCLE_STAGES, query.stage) ? query.stage : undefined,
    temperature: isOneOf(TEMPERATURES, query.temperature) ? query.temperature : undefined,
    channel: query.channel || undefined,
    scoreMin: readNumber(query.scoreMin),
    scoreMax: readNumber(query.scoreMax),
    sort,
    order,
    page: Math.max(page, 1),
  }
}

/** Whether the page's own search or filters narrow the list (its reset button then shows). */
export function hasOwnFilters(state: LeadsQuery): boolean {
  return (
    state.q !== '' ||
    state.stage !== undefined ||
    state.temperature !== undefined ||
    state.scoreMin !== undefined ||
    state.scoreMax !== undefined
  )
}

/** Whether anything narrows the list, the filter bar's channel too (the empty state says so). */
export function isFiltered(state: LeadsQuery): boolean {
  return hasOwnFilters(state) || state.channel !== undefined
}

/**
 * The read API's parameters for `GET /api/v1/leads` (and its CSV export); `site` is the filter
 * bar's. The period does not apply: the list holds every lead, whenever they came.
 */
export function leadsApiParams(
  state: LeadsQuery,
  site?: string,
): Record<string, string | number | undefined> {
  return {
    site,
    q: state.q || undefined,
    stage: state.stage,
    temperature: state.temperature,
    channel: state.channel,
    scoreMin: state.scoreMin,
    scoreMax: state.scoreMax,
    sort: state.sort,
    order: state.order,
    page: state.page,
    pageSize: PAGE_SIZE,
  }
}

/** A filter's change: the other keys stay, and the list starts again at its first page. */
export function filterPatch(
  patch: Partial<
    Record<'q' | 'stage' | 'temperature' | 'channel' | 'scoreMin' | 'scoreMax', string>
  >,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { page: undefined }
  for (const [key, value] of Object.entries(patch)) out[key] = value === '' ? undefined : value
  return out
}

/** A click on a column: the same column reverses the order, another sorts by it from its start. */
export function sortPatch(state: LeadsQuery, key: SortKey): Record<string, string | undefined> {
  const order: SortOrder =
    key === state.sort
      ? state.order === 'asc'
        ? 'desc'
        : 'asc'
      : DESCENDING_FIRST.has(key)
        ? 'desc'
        : 'asc'
  return { sort: key, order, page: undefined }
}

/** How many pages `total` rows fill (at least one, so that "page 1 of 1" reads right). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}
