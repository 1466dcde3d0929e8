/**
 * Channels & campaigns (`/dashboard/channels`): the KPIs per channel and campaign under the
 * attribution model chosen in the URL (`model`), the models compared for the conversion chosen
 * in the URL (`conversion`), and the most common paths to that conversion.
 */
import type { JSX } from 'preact'
import type {
  AttributionCompareResponse,
  ChannelsResponse,
  PathsResponse,
} from '../../api/types.js'
import { useApi } from '../../app/api.js'
import { Loaded } from '../../app/components/loaded.js'
import { NotBuilt, useNotBuilt } from '../../app/components/not-built.js'
import { useT } from '../../app/i18n.js'
import { useMeta } from '../../app/meta.js'
import { filterParams, useFilters, useQuery } from '../../app/router.js'
import { AttributionCompare } from './attribution-compare.js'
import { ChannelTable } from './channel-table.js'
import { ConversionPaths } from './conversion-paths.js'
import { conversionFromQuery, conversionName, modelFromQuery } from './labels.js'
import { messages } from './messages.js'
import { ConversionSwitch, ModelSwitch } from './model-switch.js'
import './channels.css'

export function ChannelsPage(): JSX.Element {
  const t = useT(messages)
  const query = useQuery()
  const filters = useFilters()
  // The app loads /api/v1/meta before it shows a page: the models are known here.
  const models = useMeta()?.models ?? []
  const model = modelFromQuery(query.model, models)
  const conversion = conversionFromQuery(query.conversion)
  const conversionLabel = conversionName(t, conversion)
  // These views are per channel already: the channel filter does not apply to them.
  const period = { from: filters.from, to: filters.to, site: filters.site }

  const channels = useApi<ChannelsResponse>('channels', filterParams(period, { model }))
  const compare = useApi<AttributionCompareResponse>(
    'attribution/compare',
    filterParams(period, { conversion }),
  )
  const paths = useApi<PathsResponse>('paths', filterParams(period, { conversion }))
  const notBuilt = useNotBuilt()

  if (notBuilt)
    return (
      <div class="channels-page">
        <h1>{t('title')}</h1>
        <NotBuilt />
      </div>
    )
  return (
    <div class="channels-page">
      <h1>{t('title')}</h1>
      <p class="intro">{t('intro')}</p>

      <section aria-labelledby="channels-kpis-title">
        <h2 id="channels-kpis-title">{t('kpisTitle')}</h2>
        {models.length > 0 && <ModelSwitch models={models} value={model} />}
        <Loaded
          value={channels}
          isEmpty={(data) => data.channels.length === 0 && data.unmatchedSpend === 0}
          empty={<p>{t('emptyChannels')}</p>}
        >
          {(data) => <ChannelTable data={data} />}
        </Loaded>
      </section>

      <section aria-labelledby="channels-compare-title">
        <h2 id="channels-compare-title">{t('compareTitle')}</h2>
        <p class="intro">{t('compareIntro')}</p>
        <ConversionSwitch value={conversion} />
        <Loaded
          value={compare}
          isEmpty={(data) => data.rows.length === 0 || data.models.length === 0}
          empty={<p>{t('emptyCompare', { conversion: conversionLabel })}</p>}
        >
          {(data) => <AttributionCompare data={data} />}
        </Loaded>
      </section>

      <section aria-labelledby="channels-paths-title">
        <h2 id="channels-paths-title">{t('pathsTitle')}</h2>
        <p class="intro">{t('pathsIntro', { conversion: conversionLabel })}</p>
        <Loaded
          value={paths}
          isEmpty={(data) => data.rows.length === 0}
          empty={<p>{t('emptyPaths', { conversion: conversionLabel })}</p>}
        >
          {(data) => <ConversionPaths data={data} />}
        </Loaded>
      </section>
    </div>
  )
}
