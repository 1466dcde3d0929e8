import { act } from 'preact/test-utils'
import { describe, expect, it } from 'vitest'
import { renderInto } from '../testing/render.js'
import { type Column, DataTable } from './data-table.js'

interface Row {
  name: string
  leads: number
}
const rows: Row[] = [
  { name: '<b>acme</b>', leads: 3 },
  { name: 'globex', leads: 12 },
]
const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', sortable: true, render: (row) => row.name },
  { key: 'leads', label: 'Leads', numeric: true, sortable: true, render: (row) => row.leads },
]

describe('DataTable', () => {
  it('has a caption, right-aligned numbers, and values as text, never HTML', async () => {
    const container = await renderInto(
      <DataTable caption="Companies" columns={columns} rows={rows} rowKey={(row) => row.name} />,
    )
    expect(container.querySelector('caption')?.textContent).toBe('Companies')
    expect(container.querySelector('td')?.textContent).toBe('<b>acme</b>')
    expect(container.querySelector('td b')).toBeNull()
    expect(container.querySelectorAll('td.num')).toHaveLength(2)
    // Without onSort the headers are plain text.
    expect(container.querySelector('th button')).toBeNull()
    // The scrolling box can take the keyboard's focus.
    expect(container.querySelector('.table-scroll')?.getAttribute('tabindex')).toBe('0')
  })

  it('makes sortable headers buttons, marks the sorted one, and reports clicks', async () => {
    const sorted: string[] = []
    const container = await renderInto(
      <DataTable
        caption="Companies"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.name}
        sort={{ key: 'leads', order: 'desc' }}
        onSort={(key) => sorted.push(key)}
      />,
    )
    const headers = [...container.querySelectorAll('th')]
    expect(headers.map((th) => th.getAttribute('aria-sort'))).toEqual(['none', 'descending'])
    expect(headers[1]?.querySelector('.sort-mark')?.textContent).toBe(' ▼')
    const button = headers[0]?.querySelector('button')
    expect(button?.getAttribute('type')).toBe('button')
    await act(() => button?.click())
    expect(sorted).toEqual(['name'])
  })
})
