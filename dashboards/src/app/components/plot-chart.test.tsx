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
    expect(svg?.querySelectorAll('rect').length).toBeGreaterThanOrEqual(2)
    expect(container.querySelector('style')).toBeNull()
    expect(container.querySelector('.plot-swatches')).not.toBeNull()
  })
})
