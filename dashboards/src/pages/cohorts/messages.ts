/** The Cohorts page's strings, in English and German (the same keys in both; a unit test checks it). */
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'Cohorts',
  intro:
    'New leads grouped by the month they became leads: their scores at the end of that month, and how far each month’s leads have come through the funnel since.',
  everySite:
    'Cohorts count the new leads of every site: the site filter ({site}) does not apply on this page.',
  lastTwelveMonths: 'Show the last 12 months',
  profileTitle: 'Lead-score profile',
  profileLabel: 'Show the profile as',
  profileScores: 'Score distribution',
  profileTemperatures: 'Temperatures',
  scoresChart:
    'Lead score per monthly cohort: bars from the 25th to the 75th percentile, a line at the median, a dot at the mean',
  scoresLegend:
    'Bar: the middle half of the scores (25th to 75th percentile). Line: median. Dot: mean.',
  temperaturesChart: 'New leads per monthly cohort, stacked by temperature: cold, warm, hot',
  profileCaption: 'Lead-score profile per monthly cohort',
  funnelTitle: 'Progress through the funnel',
  funnelChart:
    'Share of each monthly cohort that has reached MQL, SQL, opportunity and customer, one line per stage',
  funnelCaption: 'Share of each monthly cohort that has reached each stage so far',
  score: 'Score',
  share: 'Share of the cohort',
  month: 'Cohort',
  colMonth: 'Cohort (month)',
  colLeads: 'New leads',
  colMean: 'Mean score',
  colP25: '25th percentile',
  colMedian: 'Median score',
  colP75: '75th percentile',
  cold: 'Cold',
  warm: 'Warm',
  hot: 'Hot',
  red: 'Red',
  yellow: 'Yellow',
  green: 'Green',
  stage_lead: 'Lead',
  stage_mql: 'MQL',
  stage_sql: 'SQL',
  stage_opportunity: 'Opportunity',
  stage_customer: 'Customer',
  reached: '{share} ({count})',
  empty:
    'No new leads in this period. Cohorts are calendar months: choose a date range that covers whole months, or build the models after the first leads arrive.',
}

export type CohortsKey = keyof typeof en

export const messages: Messages<CohortsKey> = {
  en,
  de: {
    title: 'Kohorten',
    intro:
      'Neue Leads, gruppiert nach dem Monat, in dem sie zu Leads wurden: ihre Scores am Ende dieses Monats und wie weit die Leads jedes Monats seitdem im Funnel gekommen sind.',
    everySite:
      'Kohorten zählen die neuen Leads aller Websites: Der Website-Filter ({site}) gilt auf dieser Seite nicht.',
    lastTwelveMonths: 'Die letzten 12 Monate anzeigen',
    profileTitle: 'Lead-Score-Profil',
    profileLabel: 'Profil anzeigen als',
    profileScores: 'Score-Verteilung',
    profileTemperatures: 'Temperaturen',
    scoresChart:
      'Lead-Score je Monatskohorte: Balken vom 25. bis zum 75. Perzentil, eine Linie beim Median, ein Punkt beim Mittelwert',
    scoresLegend:
      'Balken: die mittlere Hälfte der Scores (25. bis 75. Perzentil). Linie: Median. Punkt: Mittelwert.',
    temperaturesChart: 'Neue Leads je Monatskohorte, gestapelt nach Temperatur: kalt, warm, heiß',
    profileCaption: 'Lead-Score-Profil je Monatskohorte',
    funnelTitle: 'Fortschritt im Funnel',
    funnelChart:
      'Anteil jeder Monatskohorte, der MQL, SQL, Verkaufschance und Kunde erreicht hat, eine Linie je Phase',
    funnelCaption: 'Anteil jeder Monatskohorte, der die jeweilige Phase bisher erreicht hat',
    score: 'Score',
    share: 'Anteil der Kohorte',
    month: 'Kohorte',
    colMonth: 'Kohorte (Monat)',
    colLeads: 'Neue Leads',
    colMean: 'Mittlerer Score',
    colP25: '25. Perzentil',
    colMedian: 'Median-Score',
    colP75: '75. Perzentil',
    cold: 'Kalt',
    warm: 'Warm',
    hot: 'Heiß',
    red: 'Rot',
    yellow: 'Gelb',
    green: 'Grün',
    stage_lead: 'Lead',
    stage_mql: 'MQL',
    stage_sql: 'SQL',
    stage_opportunity: 'Verkaufschance',
    stage_customer: 'Kunde',
    reached: '{share} ({count})',
    empty:
      'Keine neuen Leads in diesem Zeitraum. Kohorten sind Kalendermonate: Wählen Sie einen Zeitraum, der ganze Monate umfasst, oder bauen Sie die Modelle neu, sobald die ersten Leads eingegangen sind.',
  },
}
