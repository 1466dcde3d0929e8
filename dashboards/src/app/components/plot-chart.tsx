import type { PlotOptions } from '@observablehq/plot'
import { plot } from '@observablehq/plot'
import type { JSX } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/**
 * An Observable Plot chart: options in, SVG out; re-renders on change; `label` becomes its
 * aria-label (Plot's `ariaLabel`). Plot builds the SVG itself, so the component owns an empty
 * box and replaces its children; Preact never diffs inside it.
 */
export function PlotChart(props: {
  label: string
  options: PlotOptions
  class?: string
}): JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const { label, options } = props
  useEffect(() => {
    const element = box.current
    if (!element) return
    // Plot's own inline style would need style-src 'unsafe-inline': app.css styles it instead.
    const chart = plot({
      width: Math.max(element.clientWidth || 640, 280),
      ...options,
      ariaLabel: label,
      className: 'plot',
      style: options.style ?? {},
    })
    element.replaceChildren(chart)
    return () => chart.remove()
  }, [label, options])
  return <div ref={box} class={props.class ? `chart ${props.class}` : 'chart'} />
}
