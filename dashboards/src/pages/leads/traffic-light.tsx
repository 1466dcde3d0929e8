import type { JSX } from 'preact'
import type { TrafficLight as Light } from '../../api/types.js'
import { useT } from '../../app/i18n.js'
import { labelMessages } from './lead-labels.js'

/** A shape per light, so that the light does not rest on its colour alone. */
const ICONS: Record<Light, string> = { red: '■', yellow: '▲', green: '●' }

/** A lead's traffic light: an icon of its own shape and colour, and its name as text. */
export function TrafficLight(props: { light: Light }): JSX.Element {
  const t = useT(labelMessages)
  return (
    <span class={`traffic-light traffic-light-${props.light}`}>
      <span class="traffic-light-icon" aria-hidden="true">
        {ICONS[props.light]}
      </span>{' '}
      {t(`light.${props.light}`)}
    </span>
  )
}
