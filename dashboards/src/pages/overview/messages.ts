/** The Overview page's strings. */
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'Overview',
  kpis: 'Key figures',
  comparedWith: 'Changes against {from} – {to}, the period of the same length before.',
  visitors: 'Visitors',
  newLeads: 'New leads',
  visitorToLeadRate: 'Visitor-to-lead rate',
  mqls: 'MQLs',
  sqls: 'SQLs',
  customers: 'New customers',
  leadToCustomerRate: 'Lead-to-customer rate',
  spend: 'Spend',
  cpl: 'Cost per lead (CPL)',
  costPerMql: 'Cost per MQL',
  cpa: 'Cost per customer (CPA)',
  revenue: 'Revenue',
  roi: 'ROI',
  trend: 'Leads, MQLs and customers',
  interval: 'Interval',
  perDay: 'Per day',
  perWeek: 'Per week',
  chartLabel: 'Line chart: leads, MQLs and customers {interval}, {from} to {to}',
  date: 'Date',
  weekOf: 'Week of',
  count: 'Count',
  leads: 'Leads',
  showNumbers: 'The numbers behind the chart',
  emptyPeriod:
    'No visitors, leads or spend in this period: choose a longer period or another site.',
}

export type OverviewKey = keyof typeof en

export const overviewMessages: Messages<OverviewKey> = {
  en,
  de: {
    title: 'Übersicht',
    kpis: 'Kennzahlen',
    comparedWith: 'Veränderungen gegenüber {from} – {to}, dem gleich langen Zeitraum davor.',
    visitors: 'Besucher',
    newLeads: 'Neue Leads',
    visitorToLeadRate: 'Besucher-zu-Lead-Rate',
    mqls: 'MQLs',
    sqls: 'SQLs',
    customers: 'Neue Kunden',
    leadToCustomerRate: 'Lead-zu-Kunde-Rate',
    spend: 'Ausgaben',
    cpl: 'Kosten pro Lead (CPL)',
    costPerMql: 'Kosten pro MQL',
    cpa: 'Kosten pro Kunde (CPA)',
    revenue: 'Umsatz',
    roi: 'ROI',
    trend: 'Leads, MQLs und Kunden',
    interval: 'Intervall',
    perDay: 'Pro Tag',
    perWeek: 'Pro Woche',
    chartLabel: 'Liniendiagramm: Leads, MQLs und Kunden {interval}, {from} bis {to}',
    date: 'Datum',
    weekOf: 'Woche ab',
    count: 'Anzahl',
    leads: 'Leads',
    showNumbers: 'Die Zahlen hinter dem Diagramm',
    emptyPeriod:
      'In diesem Zeitraum gibt es keine Besucher, Leads oder Ausgaben: Wählen Sie einen längeren Zeitraum oder eine andere Website.',
  },
}
