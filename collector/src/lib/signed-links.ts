import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/** What an email link says: who it went to, in which campaign and message, and for clicks where it leads. */
export const linkPayloadSchema = z.object({
  /** Site the events belong to. */
  s: z.string().min(1).max(64),
  /** Recipient's email address. */
  e: z.email(),
  /** Campaign (its utm_campaign). */
  c: z.string().max(500).default(''),
  /** Message id in the email tool. */
  m: z.string().max(200).default(''),
  /** Click target: an http(s) URL. Absent for the open pixel. */
  u: z
    .string()
    .max(8192)
    .refine((url) => /^https?:\/\//i.test(url) && URL.canParse(url), 'must be an http(s) URL')
    .optional(),
})

export type LinkPayload = z.infer<typeof linkPayloadSchema>

/**
 * Tokens for email links: base64url(JSON payload) "." base64url(HMAC-SHA256). The signature
 * means a pixel or click cannot be forged for someone, and a click redirects only to a target
 * Leadhouse itself signed (no open redirect).
 */
export function signLink(payload: LinkPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${signature(body, secret)}`
}

/** The payload of a token signed with `secret`, or undefined for anything else. */
export function verifyLink(token: string, secret: string): LinkPayload | undefined {
  const [body, given, extra] = token.split('.')
  if (!body || !given || extra !== undefined) return undefined
  const expected = Buffer.from(signature(body, secret))
  const candidate = Buffer.from(given)
  if (expected.length !== candidate.length || !timingSafeEqual(expected, candidate))
    return undefined
  try {
    const parsed = linkPayloadSchema.safeParse(
      JSON.parse(Buffer.from(body, 'base64url').toString('utf8')),
    )
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url')
}
