/**
 * A version 4 UUID from `getRandomValues`, which works in every context (`randomUUID` only in
 * secure ones, and plenty of sites still load over plain http).
 */
export const uuid = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    (
      +digit ^
      ((crypto.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+digit / 4)))
    ).toString(16),
  )
