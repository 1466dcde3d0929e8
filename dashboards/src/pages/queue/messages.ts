/** The MQL queue page's strings, in English and German (the same keys: a test checks it). */
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'MQL queue',
  intro:
    'Marketing-qualified leads waiting for a sales decision, oldest first. Open a lead to accept, reject or reassign it.',
  scope: 'Show',
  'scope.mine': 'My leads',
  'scope.all': 'All MQLs',
  caption: 'MQLs waiting, {first}–{last} of {total}',
  'column.email': 'Email',
  'column.name': 'Name',
  'column.company': 'Company',
  'column.score': 'Score',
  'column.trafficLight': 'Traffic light',
  'column.owner': 'Owner',
  'column.mqlAt': 'MQL since',
  'column.channel': 'First touch',
  emptyTitle: 'No MQLs waiting',
  emptyMine: 'No MQL is waiting for you. Show all MQLs to see the others’ leads.',
  emptyAll: 'Every MQL has a decision. New ones appear after the next model build.',
  forbidden: 'The MQL queue is for sales and admin keys.',
}

export type QueueKey = keyof typeof en

export const messages: Messages<QueueKey> = {
  en,
  de: {
    title: 'MQL-Warteschlange',
    intro:
      'Marketing-qualifizierte Leads, die auf eine Entscheidung des Vertriebs warten, die ältesten zuerst. Öffnen Sie einen Lead, um ihn anzunehmen, abzulehnen oder neu zuzuweisen.',
    scope: 'Anzeigen',
    'scope.mine': 'Meine Leads',
    'scope.all': 'Alle MQLs',
    caption: 'Wartende MQLs, {first}–{last} von {total}',
    'column.email': 'E-Mail',
    'column.name': 'Name',
    'column.company': 'Firma',
    'column.score': 'Score',
    'column.trafficLight': 'Ampel',
    'column.owner': 'Verantwortlich',
    'column.mqlAt': 'MQL seit',
    'column.channel': 'Erster Kontakt',
    emptyTitle: 'Keine wartenden MQLs',
    emptyMine: 'Für Sie wartet kein MQL. Zeigen Sie alle MQLs, um die Leads der anderen zu sehen.',
    emptyAll:
      'Jeder MQL hat eine Entscheidung. Neue erscheinen nach dem nächsten Build der Modelle.',
    forbidden: 'Die MQL-Warteschlange ist für Vertriebs- und Admin-Schlüssel.',
  },
}
