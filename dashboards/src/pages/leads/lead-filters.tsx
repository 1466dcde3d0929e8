import type { JSX } from 'preact'
import { LIFECYCLE_STAGES, TEMPERATURES } from '../../api/types.js'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from './lead-labels.js'
import { filterPatch, hasOwnFilters, type LeadsQuery, SCORE_LIMIT } from './leads-query.js'
import { messages } from './messages.js'
import { SearchBox } from './search-box.js'

export interface LeadFiltersProps {
  state: LeadsQuery
  /** A patch of query keys to apply to the URL. */
  onChange: (patch: Record<string, string | undefined>) => void
}

/**
 * The list's search, its filters by stage, temperature and score range, and their reset. The
 * first-touch channel is the filter bar's channel filter (the common `channel` key).
 */
export function LeadFilters(props: LeadFiltersProps): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const { state, onChange } = props
  const rangeInvalid =
    state.scoreMin !== undefined && state.scoreMax !== undefined && state.scoreMin > state.scoreMax
  /** A labelled select of one filter: "All", then the values by their names. */
  const choice = (key: 'stage' | 'temperature', values: readonly string[]) => (
    <Field id={`leads-${key}`} label={t(key)}>
      <select
        id={`leads-${key}`}
        value={state[key] ?? ''}
        onChange={(event) => onChange(filterPatch({ [key]: event.currentTarget.value }))}
      >
        <option value="">{t('any')}</option>
        {values.map((value) => (
          <option key={value} value={value}>
            {label(tl, key, value)}
          </option>
        ))}
      </select>
    </Field>
  )
  /** A bound of the score range, applied when the field is left or Enter is pressed. */
  const bound = (key: 'scoreMin' | 'scoreMax', id: string) => (
    <Field id={id} label={t(key)} score>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step="any"
        min={-SCORE_LIMIT}
        max={SCORE_LIMIT}
        value={state[key] ?? ''}
        onChange={(event) => onChange(filterPatch({ [key]: event.currentTarget.value }))}
      />
    </Field>
  )

  return (
    <form
      class="lead-filters"
      aria-label={t('filters')}
      onSubmit={(event) => event.preventDefault()}
    >
      <SearchBox
        id="leads-q"
        label={t('search')}
        hint={t('searchHint')}
        value={state.q}
        onSearch={(q) => onChange(filterPatch({ q }))}
      />
      {choice('stage', LIFECYCLE_STAGES)}
      {choice('temperature', TEMPERATURES)}
      {bound('scoreMin', 'leads-score-min')}
      {bound('scoreMax', 'leads-score-max')}
      {hasOwnFilters(state) ? (
        <button
          type="button"
          class="button-secondary"
          onClick={() =>
            onChange(filterPatch({ q: '', stage: '', temperature: '', scoreMin: '', scoreMax: '' }))
          }
        >
          {t('clear')}
        </button>
      ) : null}
      {rangeInvalid ? (
        <p class="field-error" role="status">
          {t('scoreRangeInvalid')}
        </p>
      ) : null}
    </form>
  )
}

function Field(props: {
  id: string
  label: string
  score?: boolean
  children: JSX.Element
}): JSX.Element {
  return (
    <div class={props.score ? 'field field-score' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  )
}
