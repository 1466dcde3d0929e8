// The yardstick: hono on @hono/node-server answering POST /e with 202 and nothing else.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono().post('/e', (c) => c.body(null, 202))
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
