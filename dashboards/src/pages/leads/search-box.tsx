import type { JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/** How long typing pauses before the search runs: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 300

export interface SearchBoxProps {
  id: string
  label: string
  hint: string
  /** The search in the URL. */
  value: string
  /** Called once typing has paused (or on Enter), with the trimmed text. */
  onSearch: (value: string) => void
}

/** A labelled search field that reports what was typed once typing pauses. */
export function SearchBox(props: SearchBoxProps): JSX.Element {
  const [text, setText] = useState(props.value)
  const reported = useRef(props.value)
  // The latest callback, so that a parent's re-render while typing does not restart the wait.
  const onSearch = useRef(props.onSearch)
  onSearch.current = props.onSearch

  // The URL changed under us (back button, "clear filters"): show its search.
  useEffect(() => {
    reported.current = props.value
    setText(props.value)
  }, [props.value])

  useEffect(() => {
    const trimmed = text.trim()
    if (trimmed === reported.current) return
    const timer = setTimeout(() => {
      reported.current = trimmed
      onSearch.current(trimmed)
    }, SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])

  return (
    <div class="field field-search">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="search"
        value={text}
        placeholder={props.hint}
        autocomplete="off"
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return
          const trimmed = text.trim()
          if (trimmed === reported.current) return
          reported.current = trimmed
          onSearch.current(trimmed)
        }}
      />
    </div>
  )
}
