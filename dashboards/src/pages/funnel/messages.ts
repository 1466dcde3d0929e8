/** The Funnel page's strings. */
import type { Messages } from '../../app/i18n.js'

const en = {
  title: 'Funnel',
  'stage.subscriber': 'Subscribers',
  'stage.lead': 'Leads',
  'stage.mql': 'MQLs',
  'stage.sql': 'SQLs',
  'stage.opportunity': 'Opportunities',
  'stage.customer': 'Customers',
  stages: 'Stages',
  stage: 'Stage',
  count: 'Reached',
  rateFromPrevious: 'From the stage before',
  rateFromFirst: 'From the first stage',
  medianDays: 'Median time from the stage before',
  chartLabel: 'Funnel chart: how many reached each stage, {from} to {to}',
  barText: '{count} · {rate}',
  byChannel: 'By first-touch channel',
  byChannelCaption: 'Stages reached by first-touch channel',
  channel: 'Channel',
  noChannel: '(no first touch)',
  leadToCustomer: 'Lead to customer',
  heatmapLabel: 'Heat map: conversion from the stage before, per first-touch channel and stage',
  heatmapTitle: 'Conversion from the stage before',
  emptyPeriod: 'No one reached a stage in this period: choose a longer period or another site.',
}

export type FunnelKey = keyof typeof en

export const funnelMessages: Messages<FunnelKey> = {
  en,
  de: {
    title: 'Trichter',
    'stage.subscriber': 'Abonnenten',
    'stage.lead': 'Leads',
    'stage.mql': 'MQLs',
    'stage.sql': 'SQLs',
    'stage.opportunity': 'Verkaufschancen',
    'stage.customer': 'Kunden',
    stages: 'Phasen',
    stage: 'Phase',
    count: 'Erreicht',
    rateFromPrevious: 'Von der Phase davor',
    rateFromFirst: 'Von der ersten Phase',
    medianDays: 'Mittlere Zeit (Median) seit der Phase davor',
    chartLabel: 'Trichterdiagramm: wie viele jede Phase erreicht haben, {from} bis {to}',
    barText: '{count} · {rate}',
    byChannel: 'Nach Erstkontakt-Kanal',
    byChannelCaption: 'Erreichte Phasen nach Erstkontakt-Kanal',
    channel: 'Kanal',
    noChannel: '(kein Erstkontakt)',
    leadToCustomer: 'Lead zu Kunde',
    heatmapLabel: 'Heatmap: Umwandlung aus der Phase davor, je Erstkontakt-Kanal und Phase',
    heatmapTitle: 'Umwandlung aus der Phase davor',
    emptyPeriod:
      'In diesem Zeitraum hat niemand eine Phase erreicht: Wählen Sie einen längeren Zeitraum oder eine andere Website.',
  },
}
