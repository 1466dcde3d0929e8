import type { JSX } from 'preact'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from './lead-labels.js'
import {
  filterPatch,
  hasOwnFilters,
  type LeadsQuery,
  SCORE_LIMIT,
  STAGES,
  TEMPERATURES,
} from './leads-query.js'
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
  const filtered = hasOwnFilters(state)
  const rangeInvalid =
    state.scoreMin !== undefined && state.scoreMax !== undefined && state.scoreMin > state.scoreMax

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
      <div class="field">
        <label for="leads-stage">{t('stage')}</label>
        <select
          id="leads-stage"
          value={state.stage ?? ''}
          onChange={(event) => onChange(filterPatch({ stage: event.currentTarget.value }))}
        >
          <option value="">{t('any')}</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {label(tl, 'stage', stage)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="leads-temperature">{t('temperature')}</label>
        <select
          id="leads-temperature"
          value={state.temperature ?? ''}
          onChange={(event) => onChange(filterPatch({ temperature: event.currentTarget.value }))}
        >
          <option value="">{t('any')}</option>
          {TEMPERATURES.map((temperature) => (
            <option key={temperature} value={temperature}>
              {label(tl, 'temperature', temperature)}
            </option>
          ))}
        </select>
      </div>
      <div class="field field-score">
        <label for="leads-score-min">{t('scoreMin')}</label>
        <input
          id="leads-score-min"
          type="number"
          inputMode="decimal"
          step="any"
          min={SCORE_LIMIT * -1}
          max={SCORE_LIMIT}
          value={state.scoreMin ?? ''}
          onChange={(event) => onChange(filterPatch({ scoreMin: event.currentTarget.value }))}
        />
      </div>
      <div class="field field-score">
        <label for="leads-score-max">{t('scoreMax')}</label>
        <input
          id="leads-score-max"
          type="number"
          inputMode="decimal"
          step="any"
          min={SCORE_LIMIT * -1}
          max={SCORE_LIMIT}
          value={state.scoreMax ?? ''}
          onChange={(event) => onChange(filterPatch({ scoreMax: event.currentTarget.value }))}
        />
      </div>
      {filtered ? (
        <button
          type="button"
          class="button-secondary"
          onClick={() =>
            onChange(
              filterPatch({
                q: '',
                stage: '',
                temperature: '',
                scoreMin: '',
                scoreMax: '',
              }),
            )
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
