import type { ComponentChildren, JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { LeadActivity } from '../../api/types.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from '../leads/lead-labels.js'
import { entryTitle, newestFirst } from './activity-entries.js'
import { messages } from './messages.js'

type Source = LeadActivity['source']
const SOURCES: readonly Source[] = ['web', 'email', 'sales']

export interface ActivityLogProps {
  activity: LeadActivity[]
  /** How many entries the lead has in all (the read API sends the newest 500). */
  total: number
}

/**
 * The lead's online activity, email opens and clicks, and sales log in one list, newest first:
 * what a salesperson reads before a call. Paths, titles and referrers come from visitors: text.
 */
export function ActivityLog(props: ActivityLogProps): JSX.Element {
  const t = useT(messages)
  const format = useFormat()
  const all = newestFirst(props.activity)
  // Before a call, a salesperson may want the sales log alone, or only what they did online.
  const [shown, setShown] = useState<Source | 'all'>('all')
  const entries = shown === 'all' ? all : all.filter((entry) => entry.source === shown)
  return (
    <section class="lead-section lead-activity" aria-labelledby="lead-activity-title">
      <h2 id="lead-activity-title">{t('activityTitle')}</h2>
      {all.length === 0 ? (
        <p class="state">{t('noActivity')}</p>
      ) : (
        <>
          {props.total > all.length ? (
            <p class="section-note">
              {t('activityShown', {
                shown: format.number(all.length),
                total: format.number(props.total),
              })}
            </p>
          ) : null}
          <fieldset class="toggle-group">
            <legend>{t('show')}</legend>
            {(['all', ...SOURCES] as const).map((source) => (
              <button
                key={source}
                type="button"
                aria-pressed={shown === source}
                onClick={() => setShown(source)}
              >
                {t(`show.${source}`, {
                  n: format.number(
                    source === 'all' ? all.length : all.filter((e) => e.source === source).length,
                  ),
                })}
              </button>
            ))}
          </fieldset>
          <ol class="activity-log">
            {entries.map((entry, index) => (
              <ActivityEntry key={`${entry.ts}-${index}`} entry={entry} />
            ))}
          </ol>
        </>
      )}
    </section>
  )
}

function ActivityEntry(props: { entry: LeadActivity }): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const { entry } = props
  const title = entryTitle(entry)
  const vars = title.stage ? { stage: label(tl, 'stage', title.stage) } : title.vars
  const details: Array<[string, ComponentChildren]> = []
  const page =
    entry.title && entry.path ? `${entry.title} (${entry.path})` : entry.title || entry.path
  if (page) details.push([t('path'), page])
  // The previous path is the page viewed before, in the lead's whole history: it describes
  // a step on the site, not an email opened or a call.
  if (entry.source === 'web') {
    if (entry.previousPath) details.push([t('previousPath'), entry.previousPath])
    if (entry.referrer) details.push([t('referrer'), entry.referrer])
    if (entry.channel) details.push([t('channel'), label(tl, 'channel', entry.channel)])
  }
  if (entry.amount !== null) {
    details.push([
      t('amount'),
      entry.currency ? format.money(entry.amount, entry.currency) : format.number(entry.amount, 2),
    ])
  }
  if (entry.owner) details.push([t('owner'), entry.owner])
  return (
    <li class={`activity activity-${entry.source}${entry.isPricing ? ' activity-pricing' : ''}`}>
      <div class="activity-head">
        <time dateTime={entry.ts}>{format.dateTime(entry.ts)}</time>
        <span class={`activity-source activity-source-${entry.source}`}>
          {t(`source.${entry.source}`)}
        </span>
        <strong class="activity-title">{t(title.key, vars)}</strong>
        {entry.isPricing ? (
          <span class="badge badge-pricing">
            <span aria-hidden="true">€ </span>
            {t('pricing')}
          </span>
        ) : null}
      </div>
      {details.length > 0 ? (
        <dl class="activity-details">
          {details.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  )
}
