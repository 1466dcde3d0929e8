import type { JSX } from 'preact'
import { useFormat } from '../../app/format.js'
import { useT } from '../../app/i18n.js'
import { messages } from './messages.js'

export interface PaginationProps {
  page: number
  pages: number
  onPage: (page: number) => void
}

/** Previous and next buttons around "Page 2 of 7"; a button that leads nowhere is disabled. */
export function Pagination(props: PaginationProps): JSX.Element | null {
  const t = useT(messages)
  const format = useFormat()
  if (props.pages <= 1 && props.page <= 1) return null
  return (
    <nav class="pagination" aria-label={t('pagination')}>
      <button
        type="button"
        disabled={props.page <= 1}
        onClick={() => props.onPage(Math.min(props.page - 1, props.pages))}
      >
        <span aria-hidden="true">← </span>
        {t('previous')}
      </button>
      <span>
        {t('pageOf', { page: format.number(props.page), pages: format.number(props.pages) })}
      </span>
      <button
        type="button"
        disabled={props.page >= props.pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t('next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  )
}
