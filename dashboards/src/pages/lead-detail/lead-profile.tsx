import type { JSX } from 'preact'
import type { LeadDetailResponse } from '../../api/types.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from '../leads/lead-labels.js'
import { type LeadDetailKey, messages } from './messages.js'

type Lead = LeadDetailResponse['lead']

/** The CRM's and the tracking's attributes, in the order a salesperson asks them. */
const TEXT_ATTRIBUTES = [
  'jobTitle',
  'seniority',
  'company',
  'companySize',
  'industry',
  'country',
  'budget',
  'authority',
  'need',
  'timeline',
  'owner',
] as const satisfies ReadonlyArray<keyof Lead>
const TIME_ATTRIBUTES = ['firstSeenAt', 'identifiedAt'] as const satisfies ReadonlyArray<keyof Lead>

/** Who the lead is: the CRM's attributes (BANT among them), when they came, and their stage. */
export function LeadProfile(props: { lead: Lead }): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const { lead } = props
  const rows: Array<[LeadDetailKey, string]> = [
    ['attr.email', lead.email],
    ['attr.name', lead.name || '–'],
    ...TEXT_ATTRIBUTES.map((key): [LeadDetailKey, string] => [`attr.${key}`, lead[key] || '–']),
    ['attr.stage', label(tl, 'stage', lead.stage)],
    ['attr.stageEnteredAt', format.dateTime(lead.stageEnteredAt)],
    ['attr.firstTouchChannel', label(tl, 'channel', lead.firstTouchChannel)],
    ...TIME_ATTRIBUTES.map((key): [LeadDetailKey, string] => [
      `attr.${key}`,
      format.dateTime(lead[key]),
    ]),
  ]
  return (
    <section class="lead-section lead-profile" aria-labelledby="lead-profile-title">
      <h2 id="lead-profile-title">{t('profile')}</h2>
      <dl class="attribute-list">
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
