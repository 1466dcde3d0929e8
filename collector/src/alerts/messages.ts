import type { Activity, Alert } from './alert.js'

/**
 * What each destination receives for an alert: the webhook's JSON, Slack's Block Kit message,
 * the email. Pure functions of the alert: every attempt sends the same body.
 */

/** The lead's page in the dashboard, on the collector's public URL. */
export function leadLink(baseUrl: string, email: string): string {
  return `${baseUrl}/dashboard/leads/detail?email=${encodeURIComponent(email)}`
}

const TRIGGER_TITLES: Record<string, string> = {
  became_mql: 'became an MQL',
  pricing_revisit: 'is back on a pricing page',
  score_jump: 'jumped in score',
  requalified: 'requalified',
}

function title(alert: Alert): string {
  const who = alert.name || alert.email
  return `${who}${alert.company ? ` (${alert.company})` : ''} ${TRIGGER_TITLES[alert.trigger] ?? alert.trigger}`
}

/** The generic webhook's body (docs/hand-over.md describes each field). */
export function webhookBody(alert: Alert, baseUrl: string): string {
  return JSON.stringify({
    alert_id: alert.alertId,
    trigger: alert.trigger,
    triggered_at: alert.triggeredAt,
    event_ts: alert.eventTs,
    lead: { email: alert.email, name: alert.name, company: alert.company },
    score: alert.score,
    temperature: alert.temperature,
    traffic_light: alert.trafficLight,
    reasons: alert.reasons,
    owner: alert.owner,
    team: alert.team,
    rule: alert.rule,
    activities: alert.activities,
    link: leadLink(baseUrl, alert.email),
  })
}

/**
 * Slack's incoming-webhook body: Block Kit blocks, and `text` for notifications. Values from
 * visitors go in `plain_text` or are escaped for mrkdwn, so a name cannot format or link.
 */
export function slackBody(alert: Alert, baseUrl: string): string {
  const field = (label: string, value: string) => ({
    type: 'mrkdwn',
    text: `*${label}*\n${escapeMrkdwn(value || '–')}`,
  })
  return JSON.stringify({
    text: title(alert),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title(alert).slice(0, 150) } },
      {
        type: 'section',
        fields: [
          field('Email', alert.email),
          field('Score', `${alert.score} (${alert.temperature}, ${alert.trafficLight})`),
          field('Owner', alert.owner || alert.team),
          field('Rule', alert.rule),
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Why*\n${escapeMrkdwn(alert.reasons || '–')}` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escapeMrkdwn(activitiesText(alert.activities).slice(0, 2900) || 'no activity'),
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the lead' },
            url: leadLink(baseUrl, alert.email),
          },
        ],
      },
    ],
  })
}

/** The email to the owner: a subject and a plain-text body (no HTML: values stay text). */
export function emailMessage(alert: Alert, baseUrl: string): { subject: string; text: string } {
  return {
    subject: `Lead alert: ${title(alert)}`.replace(/[\r\n]+/g, ' '),
    text: [
      `${title(alert)}.`,
      '',
      `Email: ${alert.email}`,
      `Score: ${alert.score} (${alert.temperature}, ${alert.trafficLight})`,
      `Why: ${alert.reasons}`,
      `Owner: ${alert.owner || '–'} · team ${alert.team || '–'} · rule ${alert.rule || '–'}`,
      '',
      'Last activities:',
      activitiesText(alert.activities) || 'none',
      '',
      `Open the lead: ${leadLink(baseUrl, alert.email)}`,
      '',
      `Alert ${alert.alertId}`,
    ].join('\n'),
  }
}

function activitiesText(activities: Activity[]): string {
  return activities
    .map((activity) =>
      [
        activity.ts,
        activity.source,
        activity.type,
        activity.name || activity.path,
        activity.channel,
      ]
        .filter(Boolean)
        .join(' · '),
    )
    .join('\n')
}

/** Slack's mrkdwn control characters, escaped as its docs say. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
