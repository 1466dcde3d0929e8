import * as Plot from '@observablehq/plot'
import { describe, expect, it } from 'vitest'
import { renderInto } from '../testing/render.js'
import { PlotChart } from './plot-chart.js'

describe('PlotChart', () => {
  it('renders an SVG labelled for screen readers, without the <style> the CSP refuses', async () => {
    const container = await renderInto(
      <PlotChart
        label="Leads per day"
        options={{
          color: { legend: true },
          marks: [
            Plot.barY(
              [
                { x: 'a', y: 2 },
                { x: 'b', y: 3 },
              ],
              { x: 'x', y: 'y', fill: 'x' },
            ),
          ],
        }}
      />,
    )
    const svg = container.querySelector('svg.plot')
    expect(svg?.getAttribute('aria-label')).toBe('Leads per day')
    expect(svg?.getAttribute('role')).toBe('img')
    expect(svg?.querySelectorAll('rect').length).toBeGreaterThanOrEqual(2)
    expect(container.querySelector('style')).toBeNull()
    expect(container.querySelector('.plot-swatches')).not.toBeNull()
    // Only a chart that may scroll takes the focus.
    expect(container.querySelector('.chart')?.hasAttribute('tabindex')).toBe(false)
  })

  it('keeps a minimum width, scrolling in a box the keyboard can focus', async () => {
    const container = await renderInto(
      <PlotChart label="Heat map" minWidth={900} options={{ marks: [Plot.ruleY([0])] }} />,
    )
    const box = container.querySelector('.chart')
    expect(box?.classList.contains('chart-scroll')).toBe(true)
    expect(box?.getAttribute('tabindex')).toBe('0')
    expect(box?.getAttribute('aria-label')).toBe('Heat map')
    expect(box?.querySelector('svg')?.getAttribute('width')).toBe('900')
  })

  it('names the groups of titled marks and hides the others, no visible plain <g> with a label', async () => {
    const container = await renderInto(
      <PlotChart
        label="Credit"
        options={{
          marks: [
            Plot.barY([{ x: 'a', y: 2 }], { x: 'x', y: 'y', title: () => 'a: 2' }),
            Plot.ruleY([0]),
          ],
        }}
      />,
    )
    const svg = container.querySelector('svg.plot')
    expect(svg?.querySelectorAll('g[aria-label]:not([role]):not([aria-hidden])').length).toBe(0)
    const bars = svg?.querySelector('g[role=group]')
    expect(bars?.getAttribute('aria-label')).toBe('bar')
    expect(bars?.querySelector('title')?.textContent).toBe('a: 2')
    expect(svg?.querySelectorAll('g[aria-hidden=true]').length).toBeGreaterThan(0)
  })
})
