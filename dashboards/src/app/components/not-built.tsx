import type { JSX } from 'preact'
import { useT } from '../i18n.js'
import { sharedMessages } from '../messages.js'
import { useMeta } from '../meta.js'

/** Whether the models were never built (meta says so); false while meta is unknown. */
export function useNotBuilt(): boolean {
  const meta = useMeta()
  return meta !== undefined && meta.builtAt === null
}

/** The empty state before the first model build: what to do to see data. */
export function NotBuilt(): JSX.Element {
  const t = useT(sharedMessages)
  return (
    <div class="state state-empty">
      <p class="state-title">{t('emptyTitle')}</p>
      <p>{t('emptyHint')}</p>
    </div>
  )
}
