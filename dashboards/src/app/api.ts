/**
 * The read API from the browser: GET `/api/v1/<path>` with the login's session cookie (HttpOnly:
 * the app never sees a key). A 401 means the session ended: the login page is next. Answers
 * for the same URL are shared while in flight, so two components asking for the same view cost
 * one request.
 */
import { useEffect, useState } from 'preact/hooks'

export type Loadable<T> =
  | { status: 'loading' }
  | {
      status: 'error'
      message: string
      /** The HTTP status of the API's refusal (404: no such lead); absent when it never answered. */
      httpStatus?: number
    }
  | { status: 'ready'; data: T }

export const API_BASE = '/api/v1'

/** The URL of the same request (for CSV links: add format=csv). */
export function apiUrl(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value))
  const query = search.toString()
  const clean = path.replace(/^\/+/, '')
  return query ? `${API_BASE}/${clean}?${query}` : `${API_BASE}/${clean}`
}

/** A refusal of the API: its message (the server names the bad parameter). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

/**
 * A write: `POST` of `request` as JSON to `${API_BASE}/${path}` with the session cookie (the
 * browser adds the `Origin` and `Sec-Fetch-Site` the collector's cross-site check asks of a
 * cookie write). The answer when its status is `expected` (any 2xx when not given); otherwise an
 * `ApiRequestError` with the collector's message, and to the login page when the session ended.
 */
export async function postJson<Answer>(
  path: string,
  request: unknown,
  expected?: number,
): Promise<Answer> {
  const response = await fetch(`${API_BASE}/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
  })
  if (response.status === 401) {
    globalThis.location.assign('/login')
    throw new ApiRequestError(401, 'the session has ended: log in again')
  }
  const body = (await response.json().catch(() => undefined)) as unknown
  if (expected === undefined ? !response.ok : response.status !== expected) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message
    throw new ApiRequestError(response.status, message ?? `HTTP ${response.status}`)
  }
  return body as Answer
}

/** The message of an error answer, in either shape the collector uses. */
function errorMessage(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const { error, message } = body as { error?: unknown; message?: unknown }
    if (typeof message === 'string') return message
    if (error && typeof error === 'object') {
      const nested = (error as { message?: unknown }).message
      if (typeof nested === 'string') return nested
    }
  }
  return `HTTP ${status}`
}

const inFlight = new Map<string, Promise<unknown>>()

/** GETs the URL as JSON; a 401 sends the browser to /login. */
export function fetchJson<T>(url: string): Promise<T> {
  const pending = inFlight.get(url)
  if (pending) return pending as Promise<T>
  const request = (async () => {
    const response = await fetch(url, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
    if (response.status === 401) {
      globalThis.location.assign('/login')
      throw new ApiRequestError(401, 'the session has ended: log in again')
    }
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok)
      throw new ApiRequestError(response.status, errorMessage(response.status, body))
    return body as T
  })().finally(() => inFlight.delete(url))
  inFlight.set(url, request)
  return request
}

/** GETs /api/v1/<path> with params; refetches when they change; a 401 sends the browser to /login. */
export function useApi<T>(
  path: string,
  params: Record<string, string | number | undefined>,
): Loadable<T> {
  const url = apiUrl(path, params)
  const [state, setState] = useState<{ url: string; value: Loadable<T> }>({
    url,
    value: { status: 'loading' },
  })
  useEffect(() => {
    let current = true
    setState({ url, value: { status: 'loading' } })
    fetchJson<T>(url).then(
      (data) => {
        if (current) setState({ url, value: { status: 'ready', data } })
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error)
        const httpStatus = error instanceof ApiRequestError ? error.status : undefined
        if (current) setState({ url, value: { status: 'error', message, httpStatus } })
      },
    )
    return () => {
      current = false
    }
  }, [url])
  // A new URL is loading from its first render on, not showing the previous URL's answer.
  return state.url === url ? state.value : { status: 'loading' }
}
