import type { JSX } from 'preact'
import type { FunnelResponse, FunnelStage } from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { DataTable } from '../../app/components/data-table.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { filterParams, useFilters } from '../../app/router.js'
import { ChannelSplit } from './channel-split.js'
import { FunnelChart } from './funnel-chart.js'
import { funnelMessages } from './messages.js'
import { isEmptyFunnel, orderedStages, rateFromFirst } from './stages.js'

/**
 * The Funnel: subscriber → lead → MQL → SQL → opportunity → customer in the period, as a chart
 * and a table with the conversion and median time between stages, then split by the leads'
 * first-touch channel.
 */
export function FunnelPage(): JSX.Element {
  const t = useT(funnelMessages)
  const format = useFormat()
  const filters = useFilters()
  const funnel = useApi<FunnelResponse>('funnel', filterParams(filters))
  const notBuilt = useNotBuilt()
  return (
    <>
      <h1>{t('title')}</h1>
      {notBuilt ? (
        <NotBuilt />
      ) : (
        <Loaded
          value={funnel}
          isEmpty={(data) => isEmptyFunnel(data.stages)}
          empty={<p>{t('emptyPeriod')}</p>}
        >
          {(data) => {
            const stages = orderedStages(data.stages)
            return (
              <>
                <FunnelChart stages={stages} from={filters.from} to={filters.to} />
                <DataTable<FunnelStage>
                  caption={t('stages')}
                  rowKey={(stage) => stage.stage}
                  rows={stages}
                  columns={[
                    { key: 'stage', label: t('stage'), render: (s) => t(`stage.${s.stage}`) },
                    {
                      key: 'count',
                      label: t('count'),
                      numeric: true,
                      render: (s) => format.number(s.count, 0),
                    },
                    {
                      key: 'rateFromPrevious',
                      label: t('rateFromPrevious'),
                      numeric: true,
                      render: (s) => format.percent(s.rateFromPrevious),
                    },
                    {
                      key: 'rateFromFirst',
                      label: t('rateFromFirst'),
                      numeric: true,
                      render: (s) => format.percent(rateFromFirst(stages, s)),
                    },
                    {
                      key: 'medianDays',
                      label: t('medianDays'),
                      numeric: true,
                      render: (s) => format.days(s.medianDaysFromPrevious),
                    },
                  ]}
                />
                <h2>{t('byChannel')}</h2>
                <ChannelSplit byChannel={data.byChannel} />
              </>
            )
          }}
        </Loaded>
      )}
    </>
  )
}
