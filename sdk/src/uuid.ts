/**
 * A version 4 UUID, from the browser: a blob URL ends in one, made by the same generator as
 * `crypto.randomUUID()` (the File API's "generate a random UUID"), which unlike `randomUUID`
 * works in every context (plenty of sites still load over plain http). The URL is released at once.
 */
export const uuid = (): string => {
  const url = URL.createObjectURL(new Blob())
  URL.revokeObjectURL(url)
  return url.slice(-36)
}
