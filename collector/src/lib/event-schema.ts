import { FORM_TRAITS, type WireBatch, type WireEvent } from '@leadhouse/sdk/wire'
import { z } from 'zod'

/** Events one request may carry. */
export const MAX_BATCH_EVENTS = 100

const httpUrl = z
  .string()
  .max(8192)
  .refine((text) => /^https?:\/\//i.test(text) && URL.canParse(text), 'must be an http(s) URL')

/** Most properties a custom event, or traits an identify event, may have. */
const MAX_PROPS = 50

/**
 * Properties of custom events and traits of identify events. Too many are refused before any is
 * validated: `POST /e` is public, and validating tens of thousands of them (100 events of 450 in
 * 500 KB) holds the event loop for long (measured: docs/performance.md).
 */
const propsSchema = z.preprocess(
  (props, ctx) => {
    if (typeof props === 'object' && props !== null && Object.keys(props).length > MAX_PROPS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_PROPS} properties`, input: props })
      return z.NEVER
    }
    return props
  },
  z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean()])),
)

/** Keys every event carries; unknown keys are dropped so that newer SDKs stay accepted. */
const base = {
  i: z.uuid('must be a UUID'),
  ts: z.number().int().nonnegative(),
  a: z.string().min(1).max(64).optional(),
  sid: z.string().min(1).max(64).optional(),
  u: httpUrl,
  p: z.string().max(4096).startsWith('/', 'must start with /'),
}

/** One SDK event, by type (`t`). */
export const wireEventSchema = z.discriminatedUnion('t', [
  z.object({
    ...base,
    t: z.literal('pageview'),
    r: z.string().max(8192).optional(),
    ti: z.string().max(2000).optional(),
    l: z.string().max(35).optional(),
    z: z.string().max(64).optional(),
    sc: z
      .string()
      .regex(/^\d{1,5}x\d{1,5}$/, 'must be WIDTHxHEIGHT')
      .optional(),
    pr: z.union([z.literal(1), z.boolean()]).optional(),
  }),
  z.object({
    ...base,
    t: z.literal('identify'),
    e: z.email('must be an email address').max(320),
    tr: z
      .union([propsSchema, z.array(z.string().max(2000).nullable()).max(FORM_TRAITS.length)])
      .optional(),
  }),
  z.object({
    ...base,
    t: z.literal('event'),
    n: z.string().min(1).max(200),
    pp: propsSchema.optional(),
  }),
  z.object({
    ...base,
    t: z.literal('link'),
    // Any URL: the collector keeps http(s) links only, and drops the others without refusing them.
    h: z.string().max(8192),
  }),
  z.object({
    ...base,
    t: z.literal('engagement'),
    vt: z.number().int().min(0).max(86_400_000),
    sd: z.number().min(0),
  }),
])

/** The envelope; its events are validated one by one so one bad event does not sink the rest. */
export const wireBatchSchema = z.object({
  s: z.string().min(1).max(64),
  e: z.array(z.unknown()).min(1, 'must hold at least one event').max(MAX_BATCH_EVENTS),
})

// The SDK's wire types and these schemas must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const eventsAgree: Same<z.infer<typeof wireEventSchema>, WireEvent> = true
const batchesAgree: Same<Omit<z.infer<typeof wireBatchSchema>, 'e'>, Omit<WireBatch, 'e'>> = true
void eventsAgree
void batchesAgree
