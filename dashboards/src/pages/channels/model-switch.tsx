/** The attribution-model switch (query key `model`) and the conversion switch (`conversion`). */
import type { JSX } from 'preact'
import { CONVERSIONS, type Conversion } from '../../api/types.js'
import { useT } from '../../app/i18n.js'
import { conversionName, modelName } from './labels.js'
import { messages } from './messages.js'
import { QuerySelect } from './query-select.js'

export function ModelSwitch(props: { models: readonly string[]; value: string }): JSX.Element {
  const t = useT(messages)
  return (
    <QuerySelect
      queryKey="model"
      label={t('modelLabel')}
      help={t('modelHelp')}
      value={props.value}
      options={props.models.map((model) => ({ value: model, label: modelName(t, model) }))}
    />
  )
}

export function ConversionSwitch(props: { value: Conversion }): JSX.Element {
  const t = useT(messages)
  return (
    <QuerySelect
      queryKey="conversion"
      label={t('conversionLabel')}
      value={props.value}
      options={CONVERSIONS.map((conversion) => ({
        value: conversion,
        label: conversionName(t, conversion),
      }))}
    />
  )
}
