/**
 * Comma-separated path patterns, as one expression to `test` paths with. A pattern matches its
 * path and the paths below it (`/pricing` matches `/pricing/team`); `*` matches any characters
 * (`/*\/preise`). An empty one matches nothing, as the lookbehind wants a character.
 */
export const pathMatcher = (patterns = ''): RegExp =>
  RegExp(`^(${patterns.replace(/ /g, '').replace(/,/g, '|').replace(/\*/g, '.*')})(?<=.)(/|$)`)

/**
 * Pricing pages without `data-pricing`, at any depth (`/pricing`, `/de/preise`). The SDK leaves
 * them to the collector: a page view without a pricing flag is matched against these.
 */
export const DEFAULT_PRICING = '*/pricing,*/preise,*/prices,*/plans'
