/** The sales actions' strings and the rejection reasons, in English and German. */
import type { RejectReason } from '../../api/types.js'
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'Sales decision',
  intro: 'Accept the lead as sales-qualified, reject it back to marketing, or hand it on.',
  accept: 'Accept (SQL)',
  reason: 'Reason for rejecting',
  chooseReason: 'Choose a reason…',
  reject: 'Reject',
  newOwner: 'New owner',
  reassign: 'Reassign',
  sending: 'Recording…',
  'recorded.accept': 'Accepted: recorded; visible after the next build.',
  'recorded.reject': 'Rejected ({reason}): recorded; visible after the next build.',
  'recorded.reassign': 'Reassigned to {owner}: recorded; visible after the next build.',
  failed: 'Not recorded: {message}',
  needReason: 'Choose a reason to reject the lead.',
  needOwner: 'Name the new owner.',
  'reason.no_budget': 'No budget',
  'reason.no_need': 'No need',
  'reason.no_authority': 'Not the decision-maker',
  'reason.bad_timing': 'Bad timing',
  'reason.competitor': 'Went with a competitor',
  'reason.not_reachable': 'Not reachable',
  'reason.not_a_fit': 'Not a fit',
  'reason.duplicate': 'Duplicate',
}

export type SalesActionsKey = keyof typeof en

/** A reason's message key: the type checks that every reason has one. */
export function reasonKey(reason: RejectReason): SalesActionsKey {
  return `reason.${reason}`
}

export const salesActionsMessages: Messages<SalesActionsKey> = {
  en,
  de: {
    title: 'Vertriebsentscheidung',
    intro:
      'Den Lead als vertriebsqualifiziert annehmen, an das Marketing zurückgeben oder weitergeben.',
    accept: 'Annehmen (SQL)',
    reason: 'Grund der Ablehnung',
    chooseReason: 'Grund wählen…',
    reject: 'Ablehnen',
    newOwner: 'Neuer Verantwortlicher',
    reassign: 'Neu zuweisen',
    sending: 'Wird gespeichert…',
    'recorded.accept': 'Angenommen: gespeichert; sichtbar nach dem nächsten Build.',
    'recorded.reject': 'Abgelehnt ({reason}): gespeichert; sichtbar nach dem nächsten Build.',
    'recorded.reassign': 'An {owner} übergeben: gespeichert; sichtbar nach dem nächsten Build.',
    failed: 'Nicht gespeichert: {message}',
    needReason: 'Wählen Sie einen Grund, um den Lead abzulehnen.',
    needOwner: 'Nennen Sie den neuen Verantwortlichen.',
    'reason.no_budget': 'Kein Budget',
    'reason.no_need': 'Kein Bedarf',
    'reason.no_authority': 'Nicht der Entscheider',
    'reason.bad_timing': 'Falscher Zeitpunkt',
    'reason.competitor': 'Für einen Wettbewerber entschieden',
    'reason.not_reachable': 'Nicht erreichbar',
    'reason.not_a_fit': 'Passt nicht',
    'reason.duplicate': 'Dublette',
  },
}
