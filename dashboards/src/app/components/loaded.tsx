import type { ComponentChildren, JSX } from 'preact'
import type { Loadable } from '../api.js'
import { useT } from '../i18n.js'
import { sharedMessages } from '../messages.js'

/**
 * Loading, error (with a retry hint) and empty states ("what to do" text); children render the
 * data. The loading and error states are live regions, so a screen reader hears them.
 */
export function Loaded<T>(props: {
  value: Loadable<T>
  isEmpty?: (data: T) => boolean
  empty?: ComponentChildren
  children: (data: T) => ComponentChildren
}): JSX.Element {
  const t = useT(sharedMessages)
  const { value } = props
  if (value.status === 'loading')
    return (
      <p class="state state-loading" role="status" aria-busy="true">
        {t('loading')}
      </p>
    )
  if (value.status === 'error')
    return (
      <div class="state state-error" role="alert">
        <p class="state-title">{t('errorTitle')}</p>
        <p>{value.message}</p>
        <p>{t('errorHint')}</p>
        <button type="button" onClick={() => globalThis.location.reload()}>
          {t('retry')}
        </button>
      </div>
    )
  if (props.isEmpty?.(value.data))
    return (
      <div class="state state-empty">
        {props.empty ?? (
          <>
            <p class="state-title">{t('emptyTitle')}</p>
            <p>{t('emptyHint')}</p>
          </>
        )}
      </div>
    )
  return <>{props.children(value.data)}</>
}
