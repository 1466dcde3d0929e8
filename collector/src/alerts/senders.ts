import { createTransport, type Transporter } from 'nodemailer'
import type { Alert } from './alert.js'
import type { AlertsConfig, Destination } from './alerts-config.js'
import { emailMessage, slackBody, webhookBody } from './messages.js'
import { SIGNATURE_HEADER, signBody } from './signature.js'

/** The kinds of destination a team may have, each a delivery of its own in the outbox. */
export const DESTINATION_KINDS = ['webhook', 'slack', 'email'] as const
export type DestinationKind = (typeof DESTINATION_KINDS)[number]

/** Sends `alert` to the `kind` of `destination`; throws on anything but an acceptance. */
export type SendAlert = (
  kind: DestinationKind,
  destination: Destination,
  alert: Alert,
) => Promise<void>

export interface SendersOptions {
  config: AlertsConfig
  /** The collector's public URL, for the lead's link. */
  baseUrl: () => string
  /** The owner's address, from the config's `owners` or the `sales_team` seed. */
  ownerAddress: (owner: string) => Promise<string | undefined>
  /** Milliseconds a receiver may take to answer. Default 10 s. */
  timeoutMs?: number
  now?: () => number
}

/** A delivery failed; `permanent` when trying again cannot help (no address to send to). */
export class DeliveryError extends Error {
  override name = 'DeliveryError'
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message)
  }
}

export function createSenders(options: SendersOptions): { send: SendAlert; close(): void } {
  const timeoutMs = options.timeoutMs ?? 10_000
  const now = options.now ?? Date.now
  let transport: Transporter | undefined

  const post = async (url: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    }).catch((error: unknown) => {
      throw new DeliveryError(`POST ${new URL(url).origin}: ${(error as Error).message}`)
    })
    // The body is read so the connection is released; its text is kept short in the error.
    const text = await response.text().catch(() => '')
    if (!response.ok)
      throw new DeliveryError(
        `POST ${new URL(url).origin} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
      )
  }

  const send: SendAlert = async (kind, destination, alert) => {
    const idempotency = { 'idempotency-key': alert.alertId, 'x-leadhouse-alert-id': alert.alertId }
    if (kind === 'webhook' && destination.webhook) {
      const body = webhookBody(alert, options.baseUrl())
      const signature = signBody(destination.webhook.secret, body, Math.floor(now() / 1000))
      return post(destination.webhook.url, body, { ...idempotency, [SIGNATURE_HEADER]: signature })
    }
    if (kind === 'slack' && destination.slack)
      return post(destination.slack.url, slackBody(alert, options.baseUrl()), {})
    if (kind === 'email' && destination.email) {
      const smtp = options.config.smtp
      if (!smtp) throw new DeliveryError('no SMTP server configured (alerts.smtp)', true)
      const owner =
        destination.email.owner !== false && alert.owner
          ? await options.ownerAddress(alert.owner)
          : undefined
      const to = [...new Set([...(owner ? [owner] : []), ...(destination.email.to ?? [])])]
      if (to.length === 0)
        throw new DeliveryError(
          `no address for ${alert.owner ? `owner ${JSON.stringify(alert.owner)}` : 'a lead without owner'}: add it to sales_team.csv or alerts.owners, or set email.to`,
          true,
        )
      transport ??= createTransport(smtp.url)
      const message = emailMessage(alert, options.baseUrl())
      await transport
        .sendMail({
          from: smtp.from,
          to,
          subject: message.subject,
          text: message.text,
          // The same Message-ID on every attempt: mail systems drop the repeats.
          messageId: `<${alert.alertId.replace(/[^A-Za-z0-9._-]/g, '')}@leadhouse>`,
          headers: { 'X-Leadhouse-Alert-Id': alert.alertId },
        })
        .catch((error: unknown) => {
          throw new DeliveryError(`SMTP: ${(error as Error).message}`)
        })
      return
    }
    throw new DeliveryError(`the team has no ${kind} destination any more`, true)
  }

  return {
    send,
    close() {
      transport?.close()
    },
  }
}
