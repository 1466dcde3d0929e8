import { buildModels } from '@leadhouse/models'
import { generate } from '@leadhouse/generate'
import { openTestApp, READ_TOKEN } from './src/test-app.js'
const t = await openTestApp()
const H = { authorization: `Bearer ${READ_TOKEN}` }
const paths = ['meta', 'overview', 'timeseries?interval=week', 'funnel', 'channels', 'attribution/compare', 'paths', 'leads', 'cohorts', 'leads/detail?email=x@y.z']
for (const p of paths) { const r = await t.app.request(`/api/v1/${p}`, { headers: H }); console.log('before', p, r.status, (await r.text()).slice(0, 300)) }
await generate(t.warehouse, { events: 20000, seed: 1 })
await buildModels({ warehouse: t.warehouse })
const q = 'from=2026-08-01&to=2026-10-31'
for (const p of paths) { const r = await t.app.request(`/api/v1/${p}${p.includes('?') ? '&' : '?'}${q}`, { headers: H }); console.log('after', p, r.status, (await r.text()).slice(0, 1500)) }
const l = await (await t.app.request(`/api/v1/leads?${q}&pageSize=3`, { headers: H })).json() as any
const r = await t.app.request(`/api/v1/leads/detail?email=${encodeURIComponent(l.rows[0].email)}`, { headers: H }); console.log((await r.text()).slice(0, 3000))
const c = await t.app.request(`/api/v1/leads?${q}&pageSize=3&format=csv&sort=owner`, { headers: H }); console.log(c.status, c.headers.get('content-disposition'), await c.text())
await t.close()
