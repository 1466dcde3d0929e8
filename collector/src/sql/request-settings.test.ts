import { describe, expect, it } from 'vitest'
import { requestSettings } from './request-settings.js'

const LIMITS = {
  max_execution_time: 60,
  max_result_rows: 1000,
  max_result_bytes: 10_000,
  max_memory_usage: 1_000_000,
  max_rows_to_read: 1_000_000,
}
const settings = (query: string) => requestSettings(new URLSearchParams(query), LIMITS)

describe('requestSettings', () => {
  it('ignores the parameters that are not settings', () => {
    expect(
      settings('query=SELECT+1&database=x&param_a=1&query_id=q&enable_http_compression=1'),
    ).toEqual({})
  })

  it('takes output settings and lower limits', () => {
    expect(
      settings(
        'output_format_json_quote_64bit_integers=0&max_result_rows=10&result_overflow_mode=break',
      ),
    ).toEqual({
      output_format_json_quote_64bit_integers: '0',
      max_result_rows: '10',
      result_overflow_mode: 'break',
    })
  })

  it('refuses a lifted or raised limit, readonly=0 and any other setting, naming it', () => {
    expect(() => settings('max_execution_time=0')).toThrow(/'max_execution_time'.*lowered/)
    expect(() => settings('max_result_rows=1001')).toThrow(/at most 1000/)
    expect(() => settings('readonly=0')).toThrow(/'readonly'/)
    expect(() => settings('allow_ddl=1')).toThrow(/'allow_ddl'/)
    expect(() => settings('format_template_resultset=/etc/passwd')).toThrow(
      /'format_template_resultset'/,
    )
  })
})
