import type { JSX } from 'preact'
import type { LeadDetailResponse } from '../../api/types.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from '../leads/lead-labels.js'
import { type LeadDetailKey, messages } from './messages.js'

type StageRow = LeadDetailResponse['lifecycle'][number]

const DAY_MS = 86_400_000

/** The stages that break the forward march: each gets a visible note saying what happened. */
const NOTES: Partial<Record<string, LeadDetailKey>> = {
  recycled: 'note.recycled',
  reopened: 'note.reopened',
  reactivated: 'note.reactivated',
}

/** Days between two instants; null when one is missing or unreadable. */
export function daysBetween(from: string, to: string | null): number | null {
  if (to === null) return null
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS
  return Number.isFinite(days) ? days : null
}

/** The lead's stages, oldest first, with entry and exit; recycles and returns called out. */
export function LifecycleTimeline(props: { email: string; stages: StageRow[] }): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const stages = [...props.stages].sort((a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt))
  return (
    <section class="lead-section lead-lifecycle" aria-labelledby="lead-lifecycle-title">
      <h2 id="lead-lifecycle-title">{t('lifecycleTitle')}</h2>
      {stages.length === 0 ? (
        <p class="state">{t('noLifecycle')}</p>
      ) : (
        <ol class="lifecycle" aria-label={t('lifecycleCaption', { email: props.email })}>
          {stages.map((stage, index) => {
            const note = NOTES[stage.stage]
            const current = stage.exitedAt === null
            return (
              <li
                key={`${stage.stage}-${stage.enteredAt}-${index}`}
                class={`lifecycle-stage lifecycle-${stage.stage}${note ? ' lifecycle-turn' : ''}${current ? ' lifecycle-current' : ''}`}
              >
                <strong class="lifecycle-name">{label(tl, 'stage', stage.stage)}</strong>
                {current ? <span class="badge">{t('current')}</span> : null}
                <dl class="lifecycle-dates">
                  <div>
                    <dt>{t('entered')}</dt>
                    <dd>
                      <time dateTime={stage.enteredAt}>{format.dateTime(stage.enteredAt)}</time>
                    </dd>
                  </div>
                  {current ? null : (
                    <div>
                      <dt>{t('exited')}</dt>
                      <dd>
                        <time dateTime={stage.exitedAt ?? undefined}>
                          {format.dateTime(stage.exitedAt)}
                        </time>
                      </dd>
                    </div>
                  )}
                  {current ? null : (
                    <div>
                      <dt>{t('duration')}</dt>
                      <dd>{format.days(daysBetween(stage.enteredAt, stage.exitedAt))}</dd>
                    </div>
                  )}
                </dl>
                {note ? <p class="lifecycle-note">{t(note)}</p> : null}
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
