import { closestTo, doc, loc, on } from './dom.js'
import { track } from './events.js'

/** Outbound-link (`outbound`) and file-download (`download`) clicks, left or middle button. */
export function initClicks(): void {
  const click = (event: MouseEvent) => {
    const link = closestTo(event, 'a[href]') as HTMLAnchorElement | null | undefined
    if (!link || event.button > 1) return
    // File types whose links count as downloads.
    const download = /\.(pdf|(doc|xls|ppt)x?|csv|zip|gz|dmg|exe|msi|apk|epub|mp[34])$/i
    const name =
      /^http/.test(link.protocol) && link.host !== loc.host
        ? 'outbound'
        : download.test(link.pathname) && 'download'
    if (name) track(name, { url: link.href })
  }
  on(doc, 'click', click)
  on(doc, 'auxclick', click)
}
