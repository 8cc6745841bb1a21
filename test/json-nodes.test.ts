/**
 * The JSON scanner for macro exports makes the tree the YAML library makes of the same
 * JSON: the same kinds, values, scalar styles and places.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml'
import { jsonNodes } from '../src/input/json-nodes.js'
import { readMacros } from '../src/input/macros.js'

/** What the macro reader uses of a node: kind, value, style, where it starts (and a scalar's end). */
function shape(node: unknown): unknown {
  if (isMap(node)) return { map: (node.range ?? [])[0], items: node.items.map((pair) => (isPair(pair) ? [shape(pair.key), shape(pair.value)] : 'not a pair')) }
  if (isSeq(node)) return { seq: (node.range ?? [])[0], items: node.items.map(shape) }
  if (isScalar(node)) return { value: node.value, type: node.type, range: (node.range ?? []).slice(0, 2) }
  return node
}

const viaYaml = (text: string): unknown => shape(parseDocument(text, { uniqueKeys: false }).contents)

/** JSON text of `value` laid out one of several ways, with escapes a writer might use. */
const jsonText = fc.tuple(fc.jsonValue(), fc.constantFrom<number | string | undefined>(undefined, 0, 2, '\t', ' \r\n '), fc.boolean()).map(([value, space, asciiOnly]) => {
  const text = JSON.stringify(value, null, space as string | number | undefined) ?? 'null'
  return asciiOnly ? text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : text
})

describe('jsonNodes', () => {
  test('any JSON value, laid out any way: the same tree as the YAML parser', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(shape(jsonNodes(text))).toEqual(viaYaml(text))
      }),
      { numRuns: 300 }
    )
  })

  test('escapes, escaped quotes and backslashes before a closing quote, numbers, literals, duplicate keys', () => {
    for (const text of [
      '{"a": "say \\"hi\\"", "b": "ends with \\\\", "c": "\\\\\\"", "d": "\\u00e9\\ud83d\\ude00\\/\\n", "a": 2}',
      '[1, -0, 2.5e-3, 1E+2, true, false, null, "", {}, [], {"": ""}]',
      ' \n\t{ "x" : [ { } , [ ] ] } \r\n'
    ]) {
      expect(shape(jsonNodes(text)), text).toEqual(viaYaml(text))
    }
  })

  test('deeper than 500 levels: left to the YAML parser', () => {
    expect(jsonNodes('['.repeat(501) + ']'.repeat(501))).toBeUndefined()
    expect(jsonNodes('['.repeat(500) + ']'.repeat(500))).toBeDefined()
  })

  test('a macro export reads the same fields, places and problems as through the YAML parser', () => {
    const exported = JSON.stringify({ macros: [{ id: 7, title: 'Refund', actions: [{ field: 'comment_value_html', value: '<p>Sorry for any inconvenience, \u201ccorporate\u201d sets the policy.</p>' }, { field: 'subject', value: 'Re: "your" order\\' }, { field: 'comment_value', value: 42 }, 'odd'] }] }, null, 2)
    const fromJson = readMacros(exported, 'm.json', 'json')
    // The same text read as YAML (JSON is YAML) takes the YAML parser.
    const fromYaml = readMacros(exported, 'm.json', 'yaml')
    expect(fromJson).toEqual(fromYaml)
    expect(fromJson.fields.map((field) => field.value)).toEqual(['<p>Sorry for any inconvenience, \u201ccorporate\u201d sets the policy.</p>', 'Re: "your" order\\'])
    expect(fromJson.problems).toHaveLength(2)
  })
})
