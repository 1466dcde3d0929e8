import type { JSX } from 'preact'
import { useFormat } from '../format.js'
import { useT } from '../i18n.js'
import { sharedMessages } from '../messages.js'

/**
 * The direction of a change and whether it is good news: `goodWhen` 'down' for costs (CPL, CPA).
 * A change below 0.05 % either way counts as none.
 */
export function changeTone(
  change: number | null | undefined,
  goodWhen: 'up' | 'down' = 'up',
): { direction: 'up' | 'down' | 'flat' | 'unknown'; tone: 'good' | 'bad' | 'neutral' } {
  if (change === null || change === undefined || Number.isNaN(change))
    return { direction: 'unknown', tone: 'neutral' }
  if (Math.abs(change) < 0.0005) return { direction: 'flat', tone: 'neutral' }
  const direction = change > 0 ? 'up' : 'down'
  return { direction, tone: direction === goodWhen ? 'good' : 'bad' }
}

const ARROWS = { up: '▲', down: '▼', flat: '▶', unknown: '' } as const

/**
 * A KPI tile: label, value (already formatted), change against the previous period. The change
 * shows as an arrow and a signed per cent, coloured by good or bad news; screen readers get it
 * as a sentence ("up 12% against the previous period", or `changeLabel`).
 */
export function KpiTile(props: {
  label: string
  value: string
  /** Relative change (0.12 = +12 %); null when there is nothing to compare. */
  change?: number | null
  /** Replaces the default "up 12 % against the previous period" text. */
  changeLabel?: string
  goodWhen?: 'up' | 'down'
}): JSX.Element {
  const t = useT(sharedMessages)
  const format = useFormat()
  const { direction, tone } = changeTone(props.change, props.goodWhen)
  const amount = format.percent(props.change === null ? null : Math.abs(props.change ?? 0))
  const text =
    props.changeLabel ??
    (direction === 'up'
      ? t('changeUp', { change: amount })
      : direction === 'down'
        ? t('changeDown', { change: amount })
        : direction === 'flat'
          ? t('changeNone')
          : t('changeUnknown'))
  return (
    <div class="kpi">
      <p class="kpi-label">{props.label}</p>
      <p class="kpi-value">{props.value}</p>
      {props.change !== undefined && (
        <p class={`kpi-change kpi-${tone}`} data-direction={direction}>
          {direction === 'unknown' ? (
            <span>{text}</span>
          ) : (
            <>
              <span class="kpi-arrow" aria-hidden="true">
                {`${ARROWS[direction]} ${direction === 'up' ? '+' : direction === 'down' ? '−' : ''}${amount}`}
              </span>
              <span class="visually-hidden">{text}</span>
            </>
          )}
        </p>
      )}
    </div>
  )
}
