// @vitest-environment happy-dom
import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { renderInto } from '../../app/testing/render.js'
import { LeadProfile } from './lead-profile.js'
import { LifecycleTimeline } from './lifecycle-timeline.js'
import { ScorePanel } from './score-panel.js'
import { ScoreTrajectory } from './score-trajectory.js'
import { leadDetail } from './test-fixtures.js'

let container: HTMLElement | undefined
afterEach(() => {
  if (container) render(null, container)
})

const pairs = (container: Element | null) =>
  Object.fromEntries(
    [...(container?.querySelectorAll('dl > div') ?? [])].map((pair) => [
      pair.querySelector('dt')?.textContent,
      pair.querySelector('dd')?.textContent,
    ]),
  )

describe('LeadProfile', () => {
  it('lists the CRM attributes, a missing one as a dash', async () => {
    const { lead } = leadDetail()
    container = await renderInto(
      <LeadProfile lead={{ ...lead, budget: null, owner: null, identifiedAt: null }} />,
    )
    const attributes = pairs(container)
    expect(attributes).toMatchObject({
      Email: 'anna@acme.test',
      'Job title': 'Head of Marketing',
      Industry: 'Manufacturing',
      Budget: '–',
      Owner: '–',
      Identified: '–',
      Stage: 'Opportunity',
      'First-touch channel': 'Organic search',
    })
  })
})

describe('ScorePanel', () => {
  it('shows the score, its components and reasons, formatted for the locale', async () => {
    container = await renderInto(<ScorePanel score={leadDetail().score} />, { locale: 'de' })
    expect(pairs(container)).toMatchObject({
      Score: '1.234,5',
      'Passung (Fit)': '+40',
      Engagement: '+1.200,5',
      Minuspunkte: '-6',
      Temperatur: 'Heiß',
      'Marketing-qualifiziert (MQL)': 'Ja',
    })
    const reasons = [...container.querySelectorAll('.lead-score tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.textContent),
    )
    expect(reasons).toEqual([
      ['Visited a pricing page', '+30'],
      ['Private email address', '-6'],
    ])
  })

  it('says how the score grows when no rule matched yet', async () => {
    container = await renderInto(<ScorePanel score={{ ...leadDetail().score, reasons: [] }} />)
    expect(container.textContent).toContain('No scoring rule matched this lead yet')
  })
})

describe('ScoreTrajectory', () => {
  it('draws the score as a chart with a titled mark per change, and lists the changes in a table', async () => {
    const { trajectory } = leadDetail()
    container = await renderInto(
      <ScoreTrajectory email="anna@acme.test" points={[...trajectory].reverse()} />,
    )
    const svg = container.querySelector('svg')
    expect(svg).not.toBeNull()
    expect(svg?.getAttribute('aria-label')).toContain('anna@acme.test')
    const marks = [...(svg?.querySelectorAll('title') ?? [])].map((title) => title.textContent)
    // The rule and the line are drawing only (axe: no aria-label on a group without a role).
    const drawing = [...(svg?.querySelectorAll('g[aria-label="rule"], g[aria-label="line"]') ?? [])]
    expect(drawing.map((mark) => mark.getAttribute('aria-hidden'))).toEqual(['true', 'true'])
    // Three days changed the score; the last row did not.
    expect(marks).toHaveLength(3)
    expect(marks[2]).toContain('+30 → 38.5 (Visited a pricing page)')
    const rows = [...container.querySelectorAll('.lead-trajectory tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent),
    )
    expect(rows).toEqual([
      ['10', '+10', 'Requested a demo'],
      ['8.5', '-1.5', 'Decay (time without activity)'],
      ['38.5', '+30', 'Visited a pricing page'],
      ['38.5', '0', 'No change'],
    ])
  })

  it('labels the chart’s axes in the locale’s words and digits', async () => {
    container = await renderInto(
      <ScoreTrajectory email="anna@acme.test" points={leadDetail().trajectory} />,
      { locale: 'de' },
    )
    const ticks = [...container.querySelectorAll('svg g[aria-label="x-axis tick label"] text')]
      .map((tick) => tick.textContent)
      .join(' ')
    expect(ticks).toMatch(/Jan\.|Feb\.|März/)
    expect(ticks).not.toMatch(/\b(Jan|Feb|Mar)\b(?!\.)/)
  })

  it('says when the history will start when there is none', async () => {
    container = await renderInto(<ScoreTrajectory email="anna@acme.test" points={[]} />)
    expect(container.querySelector('svg')).toBeNull()
    expect(container.textContent).toContain('No score history yet')
  })
})

describe('LifecycleTimeline', () => {
  it('lists the stages oldest first, with recycled and reactivated called out', async () => {
    const { lifecycle } = leadDetail()
    container = await renderInto(
      <LifecycleTimeline email="anna@acme.test" stages={[...lifecycle].reverse()} />,
    )
    const stages = [...container.querySelectorAll('.lifecycle-name')].map(
      (name) => name.textContent,
    )
    expect(stages).toEqual(['Lead', 'MQL', 'Recycled', 'MQL', 'Reactivated', 'Opportunity'])
    const notes = [...container.querySelectorAll('.lifecycle-note')].map((note) => note.textContent)
    expect(notes).toEqual([
      'Sales rejected the lead: back to nurturing.',
      'Engaged again after a long quiet spell.',
    ])
    const current = container.querySelector('.lifecycle-current')
    expect(current?.textContent).toContain('current stage')
    expect(container.querySelectorAll('.lifecycle-current')).toHaveLength(1)
  })
})
