import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { isDay, matchPreset, PRESETS, type PresetId, presetRange, todayUtc } from '../dates.js'
import { useT } from '../i18n.js'
import { sharedMessages } from '../messages.js'
import { useMeta } from '../meta.js'
import { setQuery, useFilters } from '../router.js'

/**
 * The filters every page shares, all in the URL: a period (presets or custom from/to), the site
 * and, where it applies, the channel. Presets count back from the last day with data, so the
 * demo's data (or an installation that stopped receiving) is in view.
 */
export function FilterBar(props: { channelFilter: boolean; periodFilter?: boolean }): JSX.Element {
  const t = useT(sharedMessages)
  const meta = useMeta()
  const filters = useFilters()
  const lastDay = meta?.dataRange?.to ?? todayUtc()
  const preset = matchPreset(filters.from, filters.to, lastDay)
  const [custom, setCustom] = useState(false)
  const showCustom = custom || preset === undefined
  const [open, setOpen] = useState(false)

  const choosePreset = (value: string) => {
    if (value === 'custom') {
      setCustom(true)
      return
    }
    setCustom(false)
    const range = presetRange(value as PresetId, lastDay)
    setQuery({ from: range.from, to: range.to })
  }
  const setDay = (key: 'from' | 'to', value: string) => {
    if (!isDay(value)) return
    const next = { from: filters.from, to: filters.to, [key]: value }
    // A range given backwards is read the other way round rather than refused.
    if (next.from > next.to) setQuery({ from: next.to, to: next.from })
    else setQuery(next)
  }

  return (
    <section class={open ? 'filter-bar open' : 'filter-bar'} aria-label={t('filters')}>
      <button
        type="button"
        class="filter-toggle"
        aria-expanded={open}
        aria-controls="filter-fields"
        onClick={() => setOpen(!open)}
      >
        {t('showFilters')}
      </button>
      <div class="filter-fields" id="filter-fields">
        {props.periodFilter !== false && (
          <label class="field">
            <span>{t('period')}</span>
            <select
              name="period"
              value={showCustom ? 'custom' : preset}
              onChange={(event) => choosePreset(event.currentTarget.value)}
            >
              {PRESETS.map((id) => (
                <option key={id} value={id}>
                  {t(`preset.${id}`)}
                </option>
              ))}
              <option value="custom">{t('preset.custom')}</option>
            </select>
          </label>
        )}
        {props.periodFilter !== false && showCustom && (
          <>
            <label class="field">
              <span>{t('from')}</span>
              <input
                type="date"
                name="from"
                value={filters.from}
                max={filters.to}
                onChange={(event) => setDay('from', event.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>{t('to')}</span>
              <input
                type="date"
                name="to"
                value={filters.to}
                min={filters.from}
                onChange={(event) => setDay('to', event.currentTarget.value)}
              />
            </label>
          </>
        )}
        <label class="field">
          <span>{t('site')}</span>
          <select
            name="site"
            value={filters.site ?? ''}
            onChange={(event) => setQuery({ site: event.currentTarget.value || undefined })}
          >
            <option value="">{t('allSites')}</option>
            {(meta?.sites ?? []).map((site) => (
              <option key={site} value={site}>
                {site}
              </option>
            ))}
          </select>
        </label>
        {props.channelFilter && (
          <label class="field">
            <span>{t('channel')}</span>
            <select
              name="channel"
              value={filters.channel ?? ''}
              onChange={(event) => setQuery({ channel: event.currentTarget.value || undefined })}
            >
              <option value="">{t('allChannels')}</option>
              {(meta?.channels ?? []).map((channel) => (
                <option key={channel} value={channel}>
                  {channel}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </section>
  )
}
