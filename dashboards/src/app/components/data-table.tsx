import type { ComponentChildren, JSX } from 'preact'
import { useT } from '../i18n.js'
import { sharedMessages } from '../messages.js'

/** A column: `render` returns text or elements (values from visitors stay text nodes). */
export interface Column<Row> {
  key: string
  label: string
  numeric?: boolean
  sortable?: boolean
  render: (row: Row) => ComponentChildren
}

/**
 * A table with a caption, column headers as buttons when sortable (and `onSort` given), numbers
 * right-aligned. The table scrolls sideways inside its box on a narrow screen; the box takes the
 * focus so the keyboard can scroll it.
 */
export function DataTable<Row>(props: {
  caption: string
  columns: Column<Row>[]
  rows: Row[]
  sort?: { key: string; order: 'asc' | 'desc' }
  onSort?: (key: string) => void
  rowKey: (row: Row) => string
}): JSX.Element {
  const t = useT(sharedMessages)
  const { sort, onSort } = props
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section class="table-scroll" tabIndex={0} aria-label={props.caption}>
      <table class="data-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => {
              const sorted = sort?.key === column.key ? sort.order : undefined
              const ariaSort =
                sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
              return (
                <th
                  key={column.key}
                  scope="col"
                  class={column.numeric ? 'num' : undefined}
                  aria-sort={column.sortable && onSort ? (ariaSort ?? 'none') : undefined}
                >
                  {column.sortable && onSort ? (
                    <button
                      type="button"
                      class="sort"
                      title={t('sortBy', { column: column.label })}
                      onClick={() => onSort(column.key)}
                    >
                      {column.label}
                      <span class="sort-mark" aria-hidden="true">
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) => (
                <td key={column.key} class={column.numeric ? 'num' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
