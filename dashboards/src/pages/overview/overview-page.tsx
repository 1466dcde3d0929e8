import type { JSX } from 'preact'
import type { OverviewResponse, TimeseriesResponse } from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { KpiTile } from '../../app/components/kpi-tile.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { daysBetween } from '../../app/dates.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { filterParams, setQuery, useFilters, useQuery } from '../../app/router.js'
import { formatKpi, isEmptyPeriod, KPI_DEFINITIONS, relativeChange } from './kpis.js'
import { overviewMessages } from './messages.js'
import { TrendChart } from './trend-chart.js'

/** Days up to which the trend defaults to one point a day; longer periods get weeks. */
const DAILY_UP_TO = 92

/**
 * The Overview: the period's KPIs against the period of the same length before, and leads,
 * MQLs and customers over time (`interval=day|week` in the URL).
 */
export function OverviewPage(): JSX.Element {
  const t = useT(overviewMessages)
  const format = useFormat()
  const filters = useFilters()
  const query = useQuery()
  const interval =
    query.interval === 'day' || query.interval === 'week'
      ? query.interval
      : daysBetween(filters.from, filters.to) > DAILY_UP_TO
        ? 'week'
        : 'day'
  const overview = useApi<OverviewResponse>('overview', filterParams(filters))
  const series = useApi<TimeseriesResponse>('timeseries', filterParams(filters, { interval }))
  const notBuilt = useNotBuilt()

  return (
    <>
      <h1>{t('title')}</h1>
      {notBuilt ? (
        <NotBuilt />
      ) : (
        <>
          <section aria-labelledby="kpis-title">
            <h2 id="kpis-title" class="visually-hidden">
              {t('kpis')}
            </h2>
            <Loaded
              value={overview}
              isEmpty={(data) => isEmptyPeriod(data.current) && isEmptyPeriod(data.previous)}
              empty={<p>{t('emptyPeriod')}</p>}
            >
              {(data) => (
                <>
                  <p class="note">
                    {t('comparedWith', {
                      from: format.date(data.previousPeriod.from),
                      to: format.date(data.previousPeriod.to),
                    })}
                  </p>
                  <div class="kpis">
                    {KPI_DEFINITIONS.map((kpi) => (
                      <KpiTile
                        key={kpi.key}
                        label={t(kpi.key)}
                        value={formatKpi(format, kpi.kind, data.current[kpi.key], data.currency)}
                        change={relativeChange(data.current[kpi.key], data.previous[kpi.key])}
                        goodWhen={kpi.goodWhen}
                      />
                    ))}
                  </div>
                </>
              )}
            </Loaded>
          </section>
          <section aria-labelledby="trend-title">
            <div class="section-head">
              <h2 id="trend-title">{t('trend')}</h2>
              <fieldset class="segmented">
                <legend class="visually-hidden">{t('interval')}</legend>
                {(['day', 'week'] as const).map((option) => (
                  <button
                    key={option}
                    type="button"
                    aria-pressed={interval === option}
                    onClick={() => setQuery({ interval: option })}
                  >
                    {option === 'day' ? t('perDay') : t('perWeek')}
                  </button>
                ))}
              </fieldset>
            </div>
            <Loaded value={series} isEmpty={(data) => data.points.length === 0}>
              {(data) => <TrendChart data={data} from={filters.from} to={filters.to} />}
            </Loaded>
          </section>
        </>
      )}
    </>
  )
}
