import type { WireBatch, WireEvent } from '@leadhouse/sdk/wire'
import { z } from 'zod'

/** Events one request may carry. */
export const MAX_BATCH_EVENTS = 100

const httpUrl = z
  .string()
  .max(8192)
  .refine((text) => /^https?:\/\//i.test(text) && URL.canParse(text), 'must be an http(s) URL')

/** One SDK event; unknown keys are dropped so that newer SDKs stay accepted. */
export const wireEventSchema = z.object({
  i: z.uuid('must be a UUID'),
  t: z.literal('pageview'),
  ts: z.number().int().nonnegative(),
  a: z.string().min(1).max(64),
  u: httpUrl,
  p: z.string().max(4096).startsWith('/', 'must start with /'),
  r: z.string().max(8192).optional(),
})

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

/** `['e', 0, 'ts']` → `e[0].ts`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  )
}
