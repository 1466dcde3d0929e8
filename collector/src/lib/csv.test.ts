import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from './csv.js'

describe('toCsv', () => {
  it('writes RFC 4180: CRLF line ends, quotes doubled, fields with , " or line breaks quoted', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['plain', 'with, comma'],
          ['say "hi"', 'two\nlines'],
        ],
      ),
    ).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n')
  })

  it('writes null and undefined as empty fields, numbers and booleans as themselves', () => {
    expect(toCsv(['x'], [[null], [undefined], [-5], [1.5], [true]])).toBe(
      'x\r\n\r\n\r\n-5\r\n1.5\r\ntrue\r\n',
    )
  })

  it('disarms text a spreadsheet would run as a formula (= + - @ tab CR), as OWASP advises', () => {
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('+49 30 1234')).toBe("'+49 30 1234")
    expect(csvField('-2')).toBe("'-2")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\tx')).toBe("'\tx")
    expect(csvField('\rx')).toBe(`"'\rx"`)
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvField('a=b')).toBe('a=b')
  })
})
