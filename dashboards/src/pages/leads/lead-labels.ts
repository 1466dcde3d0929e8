/**
 * The names of a lead's stages, temperatures, traffic lights and channels, in both languages:
 * shared by the Leads and Lead detail pages. A value the catalogue does not know (a channel a
 * site added to the channel seeds) is shown as it is.
 */
import { NO_CHANNEL } from '../../api/types.js'
import type { Messages } from '../../app/i18n.js'

const en = {
  'stage.subscriber': 'Subscriber',
  'stage.lead': 'Lead',
  'stage.mql': 'MQL',
  'stage.sql': 'SQL',
  'stage.opportunity': 'Opportunity',
  'stage.customer': 'Customer',
  'stage.evangelist': 'Evangelist',
  'stage.recycled': 'Recycled',
  'stage.reopened': 'Reopened',
  'stage.reactivated': 'Reactivated',
  'temperature.cold': 'Cold',
  'temperature.warm': 'Warm',
  'temperature.hot': 'Hot',
  'light.red': 'Red',
  'light.yellow': 'Yellow',
  'light.green': 'Green',
  'channel.direct': 'Direct',
  'channel.organic_search': 'Organic search',
  'channel.paid_search': 'Paid search',
  'channel.organic_social': 'Organic social',
  'channel.paid_social': 'Paid social',
  'channel.email': 'Email',
  'channel.referral': 'Referral',
  'channel.display': 'Display',
  'channel.affiliate': 'Affiliate',
  'channel.other': 'Other',
  'channel.sales': 'Sales',
  'channel.none': 'No channel',
}
export type LabelKey = keyof typeof en

export const labelMessages: Messages<LabelKey> = {
  en,
  de: {
    'stage.subscriber': 'Abonnent',
    'stage.lead': 'Lead',
    'stage.mql': 'MQL',
    'stage.sql': 'SQL',
    'stage.opportunity': 'Verkaufschance',
    'stage.customer': 'Kunde',
    'stage.evangelist': 'Fürsprecher',
    'stage.recycled': 'Recycelt',
    'stage.reopened': 'Wiedereröffnet',
    'stage.reactivated': 'Reaktiviert',
    'temperature.cold': 'Kalt',
    'temperature.warm': 'Warm',
    'temperature.hot': 'Heiß',
    'light.red': 'Rot',
    'light.yellow': 'Gelb',
    'light.green': 'Grün',
    'channel.direct': 'Direkt',
    'channel.organic_search': 'Organische Suche',
    'channel.paid_search': 'Bezahlte Suche',
    'channel.organic_social': 'Organische soziale Medien',
    'channel.paid_social': 'Bezahlte soziale Medien',
    'channel.email': 'E-Mail',
    'channel.referral': 'Verweis',
    'channel.display': 'Display',
    'channel.affiliate': 'Affiliate',
    'channel.other': 'Sonstige',
    'channel.sales': 'Vertrieb',
    'channel.none': 'Kein Kanal',
  },
}

const isLabelKey = (key: string): key is LabelKey => Object.hasOwn(en, key)

/**
 * A stage's, temperature's or channel's name: `label(t, 'stage', 'mql')` → "MQL"; the raw value
 * when the catalogue has none, '–' when there is no value.
 */
export function label(
  t: (key: LabelKey) => string,
  kind: 'stage' | 'temperature' | 'light' | 'channel',
  value: string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return '–'
  const key = kind === 'channel' && value === NO_CHANNEL ? 'channel.none' : `${kind}.${value}`
  return isLabelKey(key) ? t(key) : value
}
