import { closestTo, doc, loc, on } from './dom.js'
import { emit } from './events.js'

/**
 * Link clicks, left or middle button, that may be outbound links or file downloads: links to
 * another host, and links whose last path segment has an extension. The collector tells which
 * (`outbound`, `download`: its list of file types) and drops the rest, an internal `.html` page
 * or a `mailto:` address. Internal links without an extension never leave the browser, nor do
 * links without a host (`javascript:`, `tel:`) but for one with an extension.
 */
export function initClicks(): void {
  const click = (event: MouseEvent) => {
    const link = closestTo(event, 'a[href]') as HTMLAnchorElement | null | undefined
    if (
      link &&
      event.button < 2 &&
      ((link.host && link.host !== loc.host) || /\.\w+$/.test(link.pathname))
    )
      emit('link', { h: link.href })
  }
  on(doc, 'click', click)
  on(doc, 'auxclick', click)
}
