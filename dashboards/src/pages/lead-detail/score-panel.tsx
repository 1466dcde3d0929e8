import type { JSX } from 'preact'
import type { LeadDetailResponse } from '../../api/types.js'
import { DataTable } from '../../app/components/data-table.js'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { label, labelMessages } from '../leads/lead-labels.js'
import { TrafficLight } from '../leads/traffic-light.js'
import { messages } from './messages.js'

/** "+8.4" / "−5": points with their sign, so that a negative reason reads as one. */
export function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text
}

/** The score now, its components (fit, engagement, negative), and the rules that made it. */
export function ScorePanel(props: { score: LeadDetailResponse['score'] }): JSX.Element {
  const t = useT(messages)
  const tl = useT(labelMessages)
  const format = useFormat()
  const { score } = props
  return (
    <section class="lead-section lead-score" aria-labelledby="lead-score-title">
      <h2 id="lead-score-title">{t('scoreTitle')}</h2>
      <dl class="score-summary">
        <div class="score-total">
          <dt>{t('score')}</dt>
          <dd>{format.number(score.score, 1)}</dd>
        </div>
        <div>
          <dt>{t('fit')}</dt>
          <dd>{signed(format.number(score.fit, 1), score.fit)}</dd>
        </div>
        <div>
          <dt>{t('engagement')}</dt>
          <dd>{signed(format.number(score.engagement, 1), score.engagement)}</dd>
        </div>
        <div>
          <dt>{t('negative')}</dt>
          <dd>{format.number(score.negative, 1)}</dd>
        </div>
        <div>
          <dt>{t('temperature')}</dt>
          <dd>{label(tl, 'temperature', score.temperature)}</dd>
        </div>
        <div>
          <dt>{t('trafficLight')}</dt>
          <dd>
            <TrafficLight light={score.trafficLight} />
          </dd>
        </div>
        <div>
          <dt>{t('mql')}</dt>
          <dd>{score.isMql ? t('yes') : t('no')}</dd>
        </div>
      </dl>
      {score.reasons.length === 0 ? (
        <p class="state">{t('noReasons')}</p>
      ) : (
        <DataTable
          caption={t('reasons')}
          columns={[
            { key: 'reason', label: t('reason'), render: (row) => row.reason },
            {
              key: 'points',
              label: t('points'),
              numeric: true,
              render: (row) => signed(format.number(row.points, 1), row.points),
            },
          ]}
          rows={score.reasons.map((reason, index) => ({ ...reason, index }))}
          rowKey={(row) => String(row.index)}
        />
      )}
    </section>
  )
}
