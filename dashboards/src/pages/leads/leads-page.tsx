import type { JSX } from 'preact'
import { useT } from '../../app/i18n.js'
import { sharedMessages } from '../../app/messages.js'

/** Placeholder until the page is built: its title only. */
export function LeadsPage(): JSX.Element {
  const t = useT(sharedMessages)
  return <h1>{t('nav.leads')}</h1>
}
