import type { DashboardAssets } from '@leadhouse/dashboards'
import type { Warehouse } from '@leadhouse/warehouse'
import { Hono } from 'hono'
import type { CollectorConfig } from './config.js'
import { ApiError, handleError } from './errors.js'
import type { CountryLookup } from './lib/country.js'
import { DailySalt } from './lib/enrich.js'
import { RateLimiter } from './lib/rate-limit.js'
import type { Metrics } from './metrics.js'
import { requireKey } from './middleware/require-key.js'
import type { ModelsScheduler } from './models-scheduler.js'
import { eraseRoutes } from './routes/erase.js'
import { eventRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { importRoutes } from './routes/imports.js'
import { linkRoutes } from './routes/links.js'
import { modelRoutes } from './routes/models.js'
import { openApiRoutes } from './routes/openapi.js'
import { pageRoutes } from './routes/pages.js'
import { readRoutes } from './routes/read.js'
import { type SdkScript, sdkRoutes } from './routes/sdk.js'
import type { Spool } from './spool/spool.js'
import type { EventStore } from './warehouse/event-store.js'

export interface AppDeps {
  config: CollectorConfig
  warehouse: Warehouse
  store: EventStore
  models: ModelsScheduler
  sdkScript: SdkScript
  dashboard: DashboardAssets
  metrics: Metrics
  /** Drained before an erasure, so nothing of the person arrives after it. */
  spool?: Spool
  /** Why events cannot be taken now, if they cannot (for /readyz). */
  notAccepting: () => string | undefined
  /** Country of a client address; absent without a country database. */
  country?: CountryLookup
  /** The collector's own address, for links when no publicUrl is configured. */
  url?: () => string
}

/** The collector's HTTP surface, composed from its routes. */
export function createApp(deps: AppDeps): Hono {
  const demoSiteId = deps.config.sites[0]?.id ?? 'demo'
  return new Hono()
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
    .route('/', modelRoutes(deps.models, requireKey(deps.config.secretKeys, 'secret key')))
    .route('/', readRoutes(deps.warehouse, requireKey(deps.config.readTokens, 'read token')))
    .route(
      '/',
      importRoutes({
        store: deps.store,
        metrics: deps.metrics,
        authorize: requireKey(deps.config.secretKeys, 'secret key'),
      }),
    )
    .route(
      '/',
      eraseRoutes({
        warehouse: deps.warehouse,
        spool: () => deps.spool,
        authorize: requireKey(deps.config.secretKeys, 'secret key'),
      }),
    )
    .route(
      '/',
      linkRoutes({
        store: deps.store,
        siteIds: new Set(deps.config.sites.map((site) => site.id)),
        secret: deps.config.linkSecret,
        publicUrl: () => deps.config.publicUrl ?? deps.url?.() ?? '',
        authorize: requireKey(deps.config.secretKeys, 'secret key'),
        perAddress: new RateLimiter(
          deps.config.rateLimits.perAddress.perSecond,
          deps.config.rateLimits.perAddress.burst,
        ),
        trustProxy: deps.config.trustProxy,
        metrics: deps.metrics,
      }),
    )
    .route('/', openApiRoutes())
    .route('/', pageRoutes(deps.dashboard, demoSiteId))
    .notFound((c) => {
      throw new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)
    })
    .onError(handleError)
}
