// The dashboard's browser script: fetches the activity log and renders it. Values are set
// with textContent, never as HTML: paths and referrers come from visitors' browsers.
// The read API is called with the session cookie of the login (HttpOnly: this script never
// sees a key); when the session has ended, the login page is next.
const status = document.getElementById('status')
const body = document.getElementById('activity')

async function load() {
  try {
    const response = await fetch('/api/v1/activity?limit=200', { credentials: 'same-origin' })
    if (response.status === 401) {
      location.assign('/login')
      return
    }
    if (response.status === 403) {
      status.textContent =
        'This session may not read the activity log: log in again with a read key.'
      return
    }
    if (!response.ok) throw new Error(`the read API answered ${response.status}`)
    const { rows } = await response.json()
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement('tr')
        const cells = [
          row.ts,
          row.anonymous_id.slice(0, 8),
          row.seq,
          row.path,
          row.previous_path,
          row.referrer,
        ]
        for (const [index, value] of cells.entries()) {
          const td = document.createElement('td')
          td.textContent = String(value ?? '')
          if (index === 1) td.className = 'mono'
          tr.append(td)
        }
        return tr
      }),
    )
    status.textContent = rows.length
      ? `${rows.length} most recent page views`
      : 'No activity yet: open the demo page, then build the models.'
  } catch (error) {
    status.textContent = `Could not load the activity log: ${error.message}`
  }
}

load()
