/**
 * The lead page's sales actions (sales and admin sessions only): accept, reject with a reason
 * from the fixed list, reassign to a named owner. Each is a form of real controls (keyboard
 * alone works); the answer is announced in a live region: the write is recorded now, the marts
 * show it after the next model build.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { type DecisionRequest, REJECT_REASONS, type RejectReason } from '../../api/types.js'
import { useT } from '../../app/i18n.js'
import { canDecide, useMe } from '../../app/me.js'
import { postDecision } from './decision-api.js'
import { reasonKey, salesActionsMessages } from './sales-actions-messages.js'
import './sales-actions.css'

type Outcome =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'done'; text: string }
  | { state: 'failed'; text: string }

export function SalesActions(props: { email: string }): JSX.Element | null {
  const me = useMe()
  if (!canDecide(me)) return null
  return <SalesActionsForm email={props.email} />
}

/** The forms themselves (rendered without the role check by the tests). */
export function SalesActionsForm(props: { email: string }): JSX.Element {
  const t = useT(salesActionsMessages)
  const [reason, setReason] = useState<RejectReason | ''>('')
  const [owner, setOwner] = useState('')
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' })
  const busy = outcome.state === 'sending'

  async function send(request: DecisionRequest, recorded: string) {
    setOutcome({ state: 'sending' })
    try {
      await postDecision(request)
      setOutcome({ state: 'done', text: recorded })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      setOutcome({ state: 'failed', text: t('failed', { message }) })
    }
  }

  return (
    <section class="sales-actions" aria-labelledby="sales-actions-title">
      <h2 id="sales-actions-title">{t('title')}</h2>
      <p class="hint">{t('intro')}</p>
      <div class="sales-action-forms">
        <form
          class="sales-action"
          onSubmit={(event) => {
            event.preventDefault()
            void send({ email: props.email, decision: 'accept' }, t('recorded.accept'))
          }}
        >
          <button type="submit" disabled={busy}>
            {t('accept')}
          </button>
        </form>
        <form
          class="sales-action"
          onSubmit={(event) => {
            event.preventDefault()
            if (reason === '') {
              setOutcome({ state: 'failed', text: t('needReason') })
              return
            }
            void send(
              { email: props.email, decision: 'reject', reason },
              t('recorded.reject', { reason: t(reasonKey(reason)) }),
            )
          }}
        >
          <label for="reject-reason">{t('reason')}</label>
          <select
            id="reject-reason"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value as RejectReason | '')}
          >
            <option value="">{t('chooseReason')}</option>
            {REJECT_REASONS.map((value) => (
              <option key={value} value={value}>
                {t(reasonKey(value))}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy}>
            {t('reject')}
          </button>
        </form>
        <form
          class="sales-action"
          onSubmit={(event) => {
            event.preventDefault()
            const name = owner.trim()
            if (name === '') {
              setOutcome({ state: 'failed', text: t('needOwner') })
              return
            }
            void send(
              { email: props.email, decision: 'reassign', owner: name },
              t('recorded.reassign', { owner: name }),
            )
          }}
        >
          <label for="new-owner">{t('newOwner')}</label>
          <input
            id="new-owner"
            type="text"
            value={owner}
            maxLength={200}
            autocomplete="off"
            onInput={(event) => setOwner(event.currentTarget.value)}
          />
          <button type="submit" disabled={busy}>
            {t('reassign')}
          </button>
        </form>
      </div>
      <p
        class={`sales-outcome sales-outcome-${outcome.state}`}
        role={outcome.state === 'failed' ? 'alert' : 'status'}
      >
        {outcome.state === 'sending'
          ? t('sending')
          : outcome.state === 'done' || outcome.state === 'failed'
            ? outcome.text
            : ''}
      </p>
    </section>
  )
}
