/** Hand-made read-API answers for the page's unit tests, shaped as api/types.ts says. */
import type {
  AttributionCompareResponse,
  ChannelKpiRow,
  ChannelsResponse,
  PathsResponse,
} from '../../api/types.js'

const zero: Omit<ChannelKpiRow, 'channel'> = {
  spend: 0,
  impressions: 0,
  clicks: 0,
  sessions: 0,
  leads: 0,
  mqls: 0,
  sqls: 0,
  customers: 0,
  revenue: 0,
  grossMargin: 0,
  cpl: null,
  costPerMql: null,
  cpa: null,
  roas: null,
  roi: null,
}

export const channelsData: ChannelsResponse = {
  currency: 'EUR',
  model: 'linear',
  unmatchedSpend: 250.5,
  channels: [
    {
      ...zero,
      channel: 'paid_search',
      spend: 12345.67,
      leads: 120.5,
      mqls: 40,
      customers: 4,
      revenue: 48000,
      grossMargin: 30000,
      cpl: 102.45,
      costPerMql: 308.64,
      cpa: 3086.42,
      roas: 3.888,
      roi: 1.43,
      campaigns: [
        {
          ...zero,
          channel: 'paid_search',
          source: 'google',
          medium: 'cpc',
          campaign: 'brand <b>2026</b>',
          spend: 10000,
          leads: 100,
          cpl: 100,
        },
        {
          ...zero,
          channel: 'paid_search',
          source: 'bing',
          medium: 'cpc',
          campaign: '',
          spend: 2345.67,
        },
      ],
    },
    {
      ...zero,
      channel: 'organic_search',
      leads: 80,
      mqls: 20,
      customers: 2,
      revenue: 21000,
      campaigns: [],
    },
    // Leads no tracked visit led to: the marts' channel '(none)'.
    { ...zero, channel: '(none)', leads: 12, campaigns: [] },
  ],
}

export const compareData: AttributionCompareResponse = {
  conversion: 'customer',
  models: ['first_touch', 'linear', 'my_custom_model'],
  rows: [
    { channel: 'paid_search', credits: { first_touch: 3, linear: 2.5, my_custom_model: 1.25 } },
    { channel: 'email', credits: { first_touch: 1, linear: 1.5 } },
  ],
}

export const pathsData: PathsResponse = {
  conversion: 'lead',
  rows: [
    {
      path: ['paid_search', 'email', 'direct'],
      conversions: 1234,
      share: 0.4567,
      medianDaysToConvert: 3.5,
    },
    { path: ['organic_search'], conversions: 10, share: 0.0037, medianDaysToConvert: null },
    { path: [], conversions: 7, share: 0.0026, medianDaysToConvert: null },
  ],
}
