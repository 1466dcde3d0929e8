/**
 * `node --import tsx test/support/event-ids-in.ts <data dir>` with a JSON array of event ids on
 * stdin: prints, as JSON, those of them the data directory's `events` table holds. A process of
 * its own, so that a test can look into several data directories (the embedded engine binds one
 * per process).
 */
import { openWarehouse } from '@leadhouse/warehouse'
import { rows } from '@leadhouse/warehouse/testing'

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: event-ids-in.ts <data dir> < ids.json')
let input = ''
for await (const chunk of process.stdin) input += chunk
const ids = JSON.parse(input) as string[]
const warehouse = await openWarehouse({ dataDir })
try {
  const found = await rows<{ id: string }>(
    warehouse,
    'SELECT DISTINCT toString(event_id) AS id FROM leadhouse.events WHERE event_id IN {ids:Array(UUID)}',
    { ids },
  )
  process.stdout.write(`${JSON.stringify(found.map(({ id }) => id))}\n`)
} finally {
  await warehouse.close()
}
