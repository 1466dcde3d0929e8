/**
 * Resend for one dead letter (admin sessions): a first press asks to confirm, naming the
 * destinations and what the same alert id means for the receiver. A refusal is announced here;
 * success goes to the page, which announces it and loads the outbox again.
 */
import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { AlertRow } from '../../api/types.js'
import { useT } from '../../app/i18n.js'
import { destinationLabel } from './labels.js'
import { messages } from './messages.js'
import { postResend } from './resend-api.js'

type Step =
  | { step: 'idle' }
  | { step: 'confirming' }
  | { step: 'sending' }
  | { step: 'failed'; text: string }

export function ResendButton(props: {
  alert: AlertRow
  /** Called with the announcement once the server has the alert pending again. */
  onResent: (text: string) => void
}): JSX.Element {
  const t = useT(messages)
  const [step, setStep] = useState<Step>({ step: 'idle' })
  const confirmRef = useRef<HTMLButtonElement>(null)
  const startRef = useRef<HTMLButtonElement>(null)
  const asked = useRef(false)
  useEffect(() => {
    // The pressed button gives way to the next one: the keyboard's focus follows it.
    if (step.step === 'confirming') {
      asked.current = true
      confirmRef.current?.focus()
    } else if (step.step === 'idle' && asked.current) startRef.current?.focus()
  }, [step.step])
  const dead = Object.entries(props.alert.deliveries)
    .filter(([, delivery]) => delivery.state === 'dead')
    .map(([kind]) => destinationLabel(t, kind))
    .join(', ')

  async function send() {
    setStep({ step: 'sending' })
    try {
      const answer = await postResend({ alert_id: props.alert.alert_id })
      props.onResent(
        t('resent', {
          destinations: answer.resent.map((kind) => destinationLabel(t, kind)).join(', '),
        }),
      )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      setStep({ step: 'failed', text: t('failed', { message }) })
    }
  }

  return (
    <div class="alert-resend">
      {step.step === 'idle' || step.step === 'failed' ? (
        <button
          type="button"
          class="resend-start"
          ref={startRef}
          aria-label={t('resendLabel', { email: props.alert.email })}
          onClick={() => setStep({ step: 'confirming' })}
        >
          {t('resend')}
        </button>
      ) : null}
      {step.step === 'confirming' ? (
        <div class="resend-confirm">
          <p>{t('confirmText', { destinations: dead })}</p>
          <button
            type="button"
            class="resend-confirm-button"
            ref={confirmRef}
            onClick={() => void send()}
          >
            {t('confirm')}
          </button>{' '}
          <button type="button" onClick={() => setStep({ step: 'idle' })}>
            {t('cancel')}
          </button>
        </div>
      ) : null}
      <p
        class={`resend-outcome resend-outcome-${step.step}`}
        role={step.step === 'failed' ? 'alert' : 'status'}
      >
        {step.step === 'sending' ? t('sending') : step.step === 'failed' ? step.text : ''}
      </p>
    </div>
  )
}
