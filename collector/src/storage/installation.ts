import { quoteIdentifier, type Warehouse } from '@leadhouse/warehouse'

/**
 * The warehouse's own identity: a random id its first migration stored in it (table
 * `installation`), which the spool's marker repeats so that a spool is only ever replayed into
 * the warehouse it was written for. A copy of the data directory keeps the id, as it should: it
 * is the same installation. Collectors migrating one server at once may each store an id; the
 * oldest row is the warehouse's, so they all read the same one.
 */
export async function warehouseId(warehouse: Warehouse): Promise<string> {
  const db = quoteIdentifier(warehouse.database)
  const result = await warehouse.client.query({
    query: `SELECT toString(warehouse_id) AS id FROM ${db}.installation ORDER BY created_at, warehouse_id LIMIT 1`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ id: string }>()
  if (!row)
    throw new Error(`${warehouse.description} has no installation id: its migrations did not run`)
  return row.id
}
