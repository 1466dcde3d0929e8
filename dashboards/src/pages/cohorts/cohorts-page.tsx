/**
 * Cohorts (`/dashboard/cohorts`): new leads per calendar month, their lead-score profile (the
 * distribution, or the temperatures: query key `profile`) and how far each cohort has come
 * through the funnel, each as a chart and a table.
 */
import type { JSX } from 'preact'
import type { CohortsResponse } from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { useT } from '../../app/i18n.js'
import { filterParams, setQuery, useFilters, useQuery } from '../../app/router.js'
import { FunnelProgressChart, type Profile, ScoreProfileChart } from './cohort-charts.js'
import { lastTwelveMonths } from './cohort-format.js'
import { ProfileTable, ProgressTable } from './cohort-tables.js'
import { messages } from './messages.js'
import './cohorts.css'

export function CohortsPage(): JSX.Element {
  const t = useT(messages)
  const filters = useFilters()
  const profile: Profile = useQuery().profile === 'temperatures' ? 'temperatures' : 'scores'
  // A cohort is a whole month's new leads, of every site and channel (cohort_score_profile has
  // neither): only the period applies, and the page says so when a site is chosen.
  const cohorts = useApi<CohortsResponse>(
    'cohorts',
    filterParams({ from: filters.from, to: filters.to }),
  )
  const notBuilt = useNotBuilt()

  if (notBuilt)
    return (
      <div class="cohorts-page">
        <h1>{t('title')}</h1>
        <NotBuilt />
      </div>
    )
  return (
    <div class="cohorts-page">
      <h1>{t('title')}</h1>
      <p class="intro">{t('intro')}</p>
      <p>
        <button type="button" onClick={() => setQuery(lastTwelveMonths(filters.to))}>
          {t('lastTwelveMonths')}
        </button>
      </p>
      {filters.site && (
        <p class="hint" role="note">
          {t('everySite', { site: filters.site })}
        </p>
      )}
      <Loaded
        value={cohorts}
        isEmpty={(data) => data.rows.length === 0}
        empty={<p>{t('empty')}</p>}
      >
        {(data) => (
          <>
            <section aria-labelledby="cohorts-profile-title">
              <h2 id="cohorts-profile-title">{t('profileTitle')}</h2>
              <ProfileSwitch value={profile} />
              <ScoreProfileChart data={data} profile={profile} />
              <ProfileTable data={data} />
            </section>
            <section aria-labelledby="cohorts-funnel-title">
              <h2 id="cohorts-funnel-title">{t('funnelTitle')}</h2>
              <FunnelProgressChart data={data} />
              <ProgressTable data={data} />
            </section>
          </>
        )}
      </Loaded>
    </div>
  )
}

/** Two pressed-or-not buttons: the current profile is `aria-pressed`, the choice goes to the URL. */
export function ProfileSwitch(props: { value: Profile }): JSX.Element {
  const t = useT(messages)
  const option = (value: Profile, label: string) => (
    <button
      type="button"
      aria-pressed={props.value === value}
      onClick={() => setQuery({ profile: value === 'scores' ? undefined : value })}
    >
      {label}
    </button>
  )
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form's fieldset
    <div class="segmented" role="group" aria-label={t('profileLabel')}>
      {option('scores', t('profileScores'))}
      {option('temperatures', t('profileTemperatures'))}
    </div>
  )
}
