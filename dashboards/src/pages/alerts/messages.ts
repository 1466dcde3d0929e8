/** The Alerts page's strings, in English and German (the same keys: a test checks it). */
import type { AlertState } from '../../api/types.js'
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'Alerts',
  intro:
    'The alerts sent to sales when a lead qualifies, newest first, and where each one stands per destination. A dead letter was given up on: its receiver refused it too often, or its team has no destination.',
  filter: 'Show',
  'filter.all': 'All',
  'filter.dead': 'Dead letters',
  'filter.pending': 'Pending',
  'filter.delivered': 'Delivered',
  deadNotice: '{count} dead letters among these alerts: their lead was not told to anyone.',
  deadNotice1: '1 dead letter among these alerts: its lead was not told to anyone.',
  showDead: 'Show only dead letters',
  caption: 'Alerts, newest first: {count} shown',
  'column.state': 'State',
  'column.trigger': 'Trigger',
  'column.lead': 'Lead',
  'column.owner': 'Owner / team',
  'column.triggeredAt': 'Triggered',
  'column.queuedAt': 'Queued',
  'column.deliveries': 'Destinations',
  'column.action': 'Action',
  'state.dead': 'Dead letter',
  'state.pending': 'Pending',
  'state.delivered': 'Delivered',
  'trigger.became_mql': 'Became an MQL',
  'trigger.pricing_revisit': 'Back on a pricing page',
  'trigger.score_jump': 'Score jump',
  'trigger.requalified': 'Requalified',
  'destination.webhook': 'Webhook',
  'destination.slack': 'Slack',
  'destination.email': 'Email',
  'destination.none': 'No destination',
  attempts: '{count} attempts',
  attempts1: '1 attempt',
  nextAttempt: 'next attempt {time}',
  deliveredAt: 'delivered {time}',
  lastError: 'last error: {error}',
  noTeam: 'no team',
  resend: 'Resend…',
  resendLabel: 'Resend the alert for {email}',
  confirmText:
    'Send it again to {destinations}? The receiver gets the same alert id, so one that has it already can drop the repeat.',
  confirm: 'Resend',
  cancel: 'Cancel',
  sending: 'Resending…',
  resent: 'Resent: pending again for {destinations}.',
  failed: 'Not resent: {message}',
  resendOnlyAdmin: 'An admin key can resend it.',
  emptyTitle: 'No alerts yet',
  emptyAll:
    'Alerts are sent after a model build when a lead becomes an MQL, comes back to a pricing page, jumps in score or requalifies. Their destinations (webhook, Slack, email) are set in the alerts section of the config file: see docs/hand-over.md.',
  emptyDead: 'No dead letters: every alert was delivered or is still being tried.',
  emptyPending: 'Nothing waiting to be sent.',
  emptyDelivered: 'No alert delivered yet.',
  forbidden: 'Alerts are for sales and admin keys.',
}

export type AlertsKey = keyof typeof en

/** A state's label key: the type checks that every state has one. */
export function stateKey(state: AlertState): AlertsKey {
  return `state.${state}`
}

export const messages: Messages<AlertsKey> = {
  en,
  de: {
    title: 'Benachrichtigungen',
    intro:
      'Die Benachrichtigungen an den Vertrieb, wenn sich ein Lead qualifiziert, die neuesten zuerst, und wo jede je Ziel steht. Eine unzustellbare Benachrichtigung wurde aufgegeben: Ihr Empfänger hat sie zu oft abgelehnt, oder ihr Team hat kein Ziel.',
    filter: 'Anzeigen',
    'filter.all': 'Alle',
    'filter.dead': 'Unzustellbare',
    'filter.pending': 'Ausstehende',
    'filter.delivered': 'Zugestellte',
    deadNotice:
      '{count} unzustellbare unter diesen Benachrichtigungen: Von ihrem Lead hat niemand erfahren.',
    deadNotice1:
      '1 unzustellbare unter diesen Benachrichtigungen: Von ihrem Lead hat niemand erfahren.',
    showDead: 'Nur unzustellbare anzeigen',
    caption: 'Benachrichtigungen, die neuesten zuerst: {count} angezeigt',
    'column.state': 'Status',
    'column.trigger': 'Auslöser',
    'column.lead': 'Lead',
    'column.owner': 'Verantwortlich / Team',
    'column.triggeredAt': 'Ausgelöst',
    'column.queuedAt': 'Eingereiht',
    'column.deliveries': 'Ziele',
    'column.action': 'Aktion',
    'state.dead': 'Unzustellbar',
    'state.pending': 'Ausstehend',
    'state.delivered': 'Zugestellt',
    'trigger.became_mql': 'Wurde MQL',
    'trigger.pricing_revisit': 'Wieder auf einer Preisseite',
    'trigger.score_jump': 'Score-Sprung',
    'trigger.requalified': 'Erneut qualifiziert',
    'destination.webhook': 'Webhook',
    'destination.slack': 'Slack',
    'destination.email': 'E-Mail',
    'destination.none': 'Kein Ziel',
    attempts: '{count} Versuche',
    attempts1: '1 Versuch',
    nextAttempt: 'nächster Versuch {time}',
    deliveredAt: 'zugestellt {time}',
    lastError: 'letzter Fehler: {error}',
    noTeam: 'kein Team',
    resend: 'Erneut senden…',
    resendLabel: 'Die Benachrichtigung zu {email} erneut senden',
    confirmText:
      'Erneut an {destinations} senden? Der Empfänger bekommt dieselbe Alert-ID und kann eine Wiederholung verwerfen, wenn er sie schon hat.',
    confirm: 'Erneut senden',
    cancel: 'Abbrechen',
    sending: 'Wird erneut gesendet …',
    resent: 'Erneut gesendet: wieder ausstehend für {destinations}.',
    failed: 'Nicht erneut gesendet: {message}',
    resendOnlyAdmin: 'Ein Admin-Schlüssel kann sie erneut senden.',
    emptyTitle: 'Noch keine Benachrichtigungen',
    emptyAll:
      'Benachrichtigungen gehen nach einem Build der Modelle hinaus, wenn ein Lead MQL wird, auf eine Preisseite zurückkommt, im Score springt oder sich erneut qualifiziert. Ihre Ziele (Webhook, Slack, E-Mail) stehen im Abschnitt alerts der Konfigurationsdatei: siehe docs/hand-over.md.',
    emptyDead:
      'Keine unzustellbaren Benachrichtigungen: Jede wurde zugestellt oder wird noch versucht.',
    emptyPending: 'Nichts wartet auf den Versand.',
    emptyDelivered: 'Noch keine Benachrichtigung zugestellt.',
    forbidden: 'Benachrichtigungen sind für Vertriebs- und Admin-Schlüssel.',
  },
}
