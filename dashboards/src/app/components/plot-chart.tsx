import type { PlotOptions } from '@observablehq/plot'
import { plot } from '@observablehq/plot'
import type { JSX } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/** The class Plot gives the chart's SVG (and figure); app.css styles it. */
export const PLOT_CLASS = 'plot'

/**
 * Plot puts a `<style>` element into each chart (and each legend), which the dashboard's CSP
 * (`style-src 'self'`) refuses, with a console error per chart. It goes before the chart enters
 * the page; app.css has the same rules for `.plot`. Plot's `style` option and d3's `.style()`
 * write through the CSSOM (`element.style`), which the CSP allows.
 */
export function dropInlineStyles(chart: Element): void {
  for (const style of chart.querySelectorAll('style')) style.remove()
}

/**
 * Plot names each mark's and axis's `<g>` with `aria-label` ("bar", "x-axis tick"), and a
 * plain `<g>` may not carry one (axe: aria-prohibited-attr, serious). A group whose shapes have
 * titles (Plot's `title` channel, read on hover and by screen readers) becomes a labelled
 * `role=group`; any other is decoration of the chart, whose name is the SVG's aria-label and
 * whose numbers are in the pages' tables: it is hidden from screen readers (its label stays, for
 * tests and styles to find it by).
 */
export function labelMarks(chart: Element): void {
  for (const group of chart.querySelectorAll('g[aria-label]:not([role])')) {
    if (group.querySelector('title')) group.setAttribute('role', 'group')
    else group.setAttribute('aria-hidden', 'true')
  }
}

/**
 * An Observable Plot chart: options in, SVG out; re-renders on change; `label` becomes its
 * aria-label (Plot's `ariaLabel`). Plot builds the SVG itself, so the component owns an empty
 * box and replaces its children; Preact never diffs inside it. Without a `width` in the
 * options the chart takes its box's width (when it is drawn, not when the window resizes).
 * Make `options` with `useMemo`: a new object each render draws the chart again each render.
 */
export function PlotChart(props: {
  label: string
  options: PlotOptions
  class?: string
  /** Narrower than this, the chart keeps this width and its box scrolls sideways. */
  minWidth?: number
}): JSX.Element {
  const box = useRef<HTMLElement>(null)
  const { label, options, minWidth = 280 } = props
  useEffect(() => {
    const element = box.current
    if (!element) return
    const chart = plot({
      // The box's width less its padding; happy-dom (tests) measures 0.
      width: Math.max((element.clientWidth || 656) - 16, minWidth),
      ...options,
      ariaLabel: label,
      className: PLOT_CLASS,
    })
    dropInlineStyles(chart)
    labelMarks(chart)
    // One image with a name for screen readers (the numbers are in the pages' tables); a
    // legend, when there is one, stays readable beside it.
    const svg = chart.matches('svg') ? chart : chart.querySelector(`svg.${PLOT_CLASS}`)
    svg?.setAttribute('role', 'img')
    element.replaceChildren(chart)
    return () => chart.remove()
  }, [label, options, minWidth])
  const classes = ['chart', props.class, props.minWidth ? 'chart-scroll' : undefined]
  const className = classes.filter(Boolean).join(' ')
  const scrolls = props.minWidth !== undefined
  return (
    // A box that may scroll sideways is a named region the keyboard can focus, to scroll it.
    <section
      ref={box}
      class={className}
      tabIndex={scrolls ? 0 : undefined}
      aria-label={scrolls ? label : undefined}
    />
  )
}
