import type { Warehouse } from './warehouse.js'

/** Rows of `query` as objects, its `{name:Type}` parameters bound from `params`. */
export async function queryRows<T = Record<string, unknown>>(
  warehouse: Warehouse,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await warehouse.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
  })
  return result.json<T>()
}
