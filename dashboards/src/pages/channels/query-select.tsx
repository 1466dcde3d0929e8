/**
 * A labelled drop-down whose value lives in the URL's query string: choosing an option replaces
 * that query key (a new history entry, so Back returns to the previous choice and the link is
 * shareable). A native <select>: the keyboard and screen readers know it.
 */
import type { JSX } from 'preact'
import { useId } from 'preact/hooks'
import { setQuery } from '../../app/router.js'

export interface QuerySelectOptions {
  /** The query key it sets, e.g. `model`. */
  queryKey: string
  label: string
  value: string
  options: ReadonlyArray<{ value: string; label: string }>
  /** A sentence under the drop-down saying what the choice changes. */
  help?: string
}

export function QuerySelect(props: QuerySelectOptions): JSX.Element {
  const id = useId()
  return (
    <div class="query-select">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-describedby={props.help ? `${id}-help` : undefined}
        onChange={(event) => setQuery({ [props.queryKey]: event.currentTarget.value })}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {props.help && (
        <p id={`${id}-help`} class="hint">
          {props.help}
        </p>
      )}
    </div>
  )
}
