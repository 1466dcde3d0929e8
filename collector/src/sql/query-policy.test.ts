import { describe, expect, it } from 'vitest'
import { checkQuery, parseAst } from './query-policy.js'

const POLICY = { database: 'leadhouse_bi' }

/** `EXPLAIN AST` as the engine prints it (26.x), for the queries named. */
const SELECT_WITH_FORMAT = `SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier leadhouse_bi.leads (alias l)
 Identifier JSONEachRow
`
const INTO_OUTFILE = `SelectWithUnionQuery (children 3)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1
 Literal '/tmp/x'
 Identifier CSV
`
const VIEW_OVER_RAW = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function view (children 1)
       ExpressionList (children 1)
        SelectWithUnionQuery (children 1)
         ExpressionList (children 1)
          SelectQuery (children 2)
           ExpressionList (children 1)
            Literal UInt64_1
           TablesInSelectQuery (children 1)
            TablesInSelectQueryElement (children 1)
             TableExpression (children 1)
              TableIdentifier leadhouse.events
`
const LITERAL_LOOKING_LIKE_A_TABLE = `SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal '\\n  TableIdentifier system.users'
`

describe('checkQuery', () => {
  it('takes a SELECT of the BI database and reads its FORMAT from the parse', () => {
    expect(checkQuery(parseAst(SELECT_WITH_FORMAT), POLICY)).toEqual({
      kind: 'select',
      format: 'JSONEachRow',
    })
  })

  it('refuses INTO OUTFILE', () => {
    expect(() => checkQuery(parseAst(INTO_OUTFILE), POLICY)).toThrow(/INTO OUTFILE/)
  })

  it('finds a raw table inside an allowed table function', () => {
    expect(() => checkQuery(parseAst(VIEW_OVER_RAW), POLICY)).toThrow(
      /leadhouse\.events is not readable/,
    )
  })

  it('reads a string literal as a literal, whatever it holds', () => {
    expect(checkQuery(parseAst(LITERAL_LOOKING_LIKE_A_TABLE), POLICY).kind).toBe('select')
  })

  it('refuses what is not a read', () => {
    expect(() => checkQuery(parseAst('InsertQuery (children 1)\n Identifier t\n'), POLICY)).toThrow(
      /read-only/,
    )
  })
})
