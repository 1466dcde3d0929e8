import type { DashboardAssets } from '@leadhouse/dashboards'
import type { Warehouse } from '@leadhouse/warehouse'
import { Hono, type MiddlewareHandler } from 'hono'
import type { Access } from './access/access.js'
import type { Deliverer } from './alerts/deliverer.js'
import type { CollectorConfig } from './config.js'
import { ApiError, handleError } from './errors.js'
import type { CountryLookup } from './lib/country.js'
import { DailySalt } from './lib/enrich.js'
import { RateLimiter } from './lib/rate-limit.js'
import type { Metrics } from './metrics.js'
import { allowedHosts } from './middleware/allowed-hosts.js'
import { requireRole } from './middleware/require-role.js'
import { securityHeaders } from './middleware/security-headers.js'
import type { ModelsScheduler } from './models-scheduler.js'
import { alertRoutes } from './routes/alerts.js'
import { clickHouseRoutes } from './routes/clickhouse.js'
import { eraseRoutes } from './routes/erase.js'
import { eventRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { importRoutes } from './routes/imports.js'
import { linkRoutes } from './routes/links.js'
import { loginRoutes } from './routes/login.js'
import { modelRoutes } from './routes/models.js'
import { openApiRoutes } from './routes/openapi.js'
import { pageRoutes } from './routes/pages.js'
import { readRoutes } from './routes/read/routes.js'
import { salesRoutes } from './routes/sales.js'
import { type SdkScript, sdkRoutes } from './routes/sdk.js'
import type { Spool } from './spool/spool.js'
import type { AnalystEngine } from './sql/analyst-engine.js'
import type { EventStore } from './storage/event-store.js'

export interface AppDeps {
  config: CollectorConfig
  warehouse: Warehouse
  store: EventStore
  models: ModelsScheduler
  sdkScript: SdkScript
  dashboard: DashboardAssets
  metrics: Metrics
  /** The keys and sessions credentials are checked against. */
  access: Access
  /** Drained before an erasure, so nothing of the person arrives after it. */
  spool?: Spool
  /** Why events cannot be taken now, if they cannot (for /readyz). */
  notAccepting: () => string | undefined
  /** Country of a client address; absent without a country database. */
  country?: CountryLookup
  /** The collector's own address, for links when no publicUrl is configured. */
  url?: () => string
  /** Alert delivery's outbox, for `GET /api/v1/alerts`. */
  deliverer?: () => Deliverer | undefined
  /** The SQL endpoint's engine; absent with a ClickHouse server (or in tests that do not need it). */
  analysts?: AnalystEngine | undefined
}

/** Failed logins per client address: 10 at once, then one every 10 seconds. */
const LOGIN_FAILURES = { perSecond: 0.1, burst: 10 }

/**
 * The collector's HTTP surface, composed from its routes. Four roles: the ingest role's
 * endpoints are public (`isIngestPath`); the dashboard, the read API and the API description
 * need a read key (or a sales or admin one); the MQL queue and sales decisions a sales key (or
 * an admin one); everything else an admin key. Every answer gets the
 * security headers, and every answer outside ingest the Host check.
 */
export function createApp(deps: AppDeps): Hono {
  const demoSiteId = deps.config.sites[0]?.id ?? 'demo'
  const origin = { publicUrl: deps.config.publicUrl, trustProxy: deps.config.trustProxy }
  const admin = requireRole(deps.access, 'admin', origin)
  const read = requireRole(deps.access, 'read', origin)
  const sales = requireRole(deps.access, 'sales', origin)
  const open: MiddlewareHandler = (_, next) => next()
  return (
    new Hono()
      .use(securityHeaders())
      .use(allowedHosts(deps.config))
      // These two share their route files with public endpoints: their roles are set here.
      .use('/metrics', deps.config.metricsPublic ? open : admin)
      .use('/openapi.json', read)
      .route(
        '/',
        healthRoutes({
          warehouse: deps.warehouse,
          metrics: deps.metrics,
          notAccepting: deps.notAccepting,
          stale: () => deps.models.stale(deps.config.modelsStaleAfterMs),
        }),
      )
      .route('/', sdkRoutes(deps.sdkScript))
      .route(
        '/',
        eventRoutes({
          store: deps.store,
          sites: deps.config.sites,
          ipMode: deps.config.ipMode,
          country: deps.country,
          trustProxy: deps.config.trustProxy,
          salt: new DailySalt(),
          metrics: deps.metrics,
          limits: {
            perAddress: new RateLimiter(
              deps.config.rateLimits.perAddress.perSecond,
              deps.config.rateLimits.perAddress.burst,
            ),
            perSite: new RateLimiter(
              deps.config.rateLimits.perSite.perSecond,
              deps.config.rateLimits.perSite.burst,
            ),
          },
        }),
      )
      .route('/', modelRoutes(deps.models, admin))
      // The alerts' delivery state: sales (and admin), as the hand-over's contract has it. A
      // resend only admin: a dead letter is revived once the receiver or the config file (an
      // admin's) is fixed, and it sends to outside systems again (docs/hand-over.md).
      .route('/', alertRoutes(deps.deliverer ?? (() => undefined), { read: sales, resend: admin }))
      .route(
        '/',
        readRoutes(deps.warehouse, read, { sites: deps.config.sites.map((site) => site.id) }),
      )
      .route('/', salesRoutes({ warehouse: deps.warehouse, store: deps.store, read, sales }))
      .route(
        '/',
        importRoutes({
          store: deps.store,
          metrics: deps.metrics,
          authorize: admin,
        }),
      )
      .route(
        '/',
        eraseRoutes({
          warehouse: deps.warehouse,
          spool: () => deps.spool,
          models: deps.models,
          authorize: admin,
        }),
      )
      .route(
        '/',
        linkRoutes({
          store: deps.store,
          siteIds: new Set(deps.config.sites.map((site) => site.id)),
          secret: deps.config.linkSecret,
          publicUrl: () => deps.config.publicUrl ?? deps.url?.() ?? '',
          authorize: admin,
          perAddress: new RateLimiter(
            deps.config.rateLimits.perAddress.perSecond,
            deps.config.rateLimits.perAddress.burst,
          ),
          trustProxy: deps.config.trustProxy,
          metrics: deps.metrics,
        }),
      )
      .route(
        '/clickhouse',
        clickHouseRoutes({
          access: deps.access,
          engine: deps.analysts,
          limits: deps.config.sql.limits,
        }),
      )
      .route('/', openApiRoutes())
      .route(
        '/',
        loginRoutes({
          ...origin,
          access: deps.access,
          failures: new RateLimiter(LOGIN_FAILURES.perSecond, LOGIN_FAILURES.burst),
        }),
      )
      .route(
        '/',
        pageRoutes(
          deps.dashboard,
          demoSiteId,
          requireRole(deps.access, 'read', { ...origin, loginPage: true }),
        ),
      )
      .notFound((c) => {
        throw new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)
      })
      .onError(handleError)
  )
}
