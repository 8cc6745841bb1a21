/**
 * The live page: checks the reply as the agent types, with the browser build, and shows
 * each flagged phrase as a highlight (coloured by category) and as an item in the issues
 * list, whose rewrite buttons (click, Enter or Space) accept a rewrite.
 */
import { check, fix, loadDictionary, type OwnitMessage } from 'ownit/browser'

const examples: ReadonlyArray<{ label: string; text: string }> = [
  {
    label: 'Wrong item shipped',
    text: "Hi Marta,\n\nI'm sorry for any inconvenience, but it's not my fault: the warehouse sent the wrong item. Corporate sets the policy on returns, not me, so there's nothing I can do about the shipping fee.\n\nThanks,\nDev"
  },
  {
    label: 'Refund delay',
    text: "Hello Mr. Okafor,\n\nThat's not my department. Please contact your bank about the refund. Someone will get back to you in due course.\n\nRegards,\nLena"
  },
  {
    label: 'Upset customer',
    text: "Hi Sam, calm down. As I already said, my hands are tied. I just work here, and we apologize if you feel that way."
  },
  {
    label: 'A good reply',
    text: "Hi Priya,\n\nI'm sorry we sent you the wrong size. I've sent the right pair today by express, and you'll have the tracking number by 5 pm. Keep the other pair, no need to send it back.\n\nIs there anything else I can help with?\n\nJonas, case #48213"
  }
]

const categoryNames: Record<string, string> = {
  'blame-shifting': 'blame-shifting',
  helplessness: 'helplessness',
  distancing: 'distancing',
  deflection: 'deflection',
  'non-apology': 'non-apology',
  'vague-promise': 'vague promise',
  condescension: 'condescension',
  spelling: 'spelling'
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`live page: #${id} is missing`)
  return found as T
}

const reply = element<HTMLTextAreaElement>('reply')
const backdrop = element<HTMLDivElement>('backdrop')
const summary = element<HTMLParagraphElement>('summary')
const issues = element<HTMLOListElement>('issues')
const popover = element<HTMLDivElement>('popover')
const fixAll = element<HTMLButtonElement>('fix-all')
const exampleSelect = element<HTMLSelectElement>('example')
const legend = element<HTMLSpanElement>('legend')
const spellingBox = element<HTMLInputElement>('spelling')
const spellingState = element<HTMLSpanElement>('spelling-state')

let messages: OwnitMessage[] = []
/** Spelling is on once its dictionary has loaded and the box is ticked. */
let spelling = false
let hideTimer: number | undefined
/** The highlight under the pointer or the caret. */
let current: HTMLElement | undefined

function colour(category: string): string {
  return `var(--${category in categoryNames ? category : 'spelling'})`
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** "2 ownership issues, 1 spelling", or the all-clear. */
export function describe(list: readonly OwnitMessage[]): string {
  const spelling = list.filter((message) => message.category === 'spelling').length
  const ownership = list.length - spelling
  const parts: string[] = []
  if (ownership > 0) parts.push(`${ownership} ownership ${ownership === 1 ? 'issue' : 'issues'}`)
  if (spelling > 0) parts.push(`${spelling} spelling`)
  return parts.length === 0 ? 'No issues: ready to send.' : parts.join(', ')
}

/** Replace the flagged words of `message` with `rewrite`, then check again. */
function accept(message: OwnitMessage, rewrite: string): void {
  const text = reply.value
  if (text.slice(message.offset, message.endOffset) !== message.actual) return
  reply.value = text.slice(0, message.offset) + rewrite + text.slice(message.endOffset)
  const caret = message.offset + rewrite.length
  reply.focus()
  reply.setSelectionRange(caret, caret)
  hidePopover()
  run()
}

/** The coaching and the rewrite buttons of one message. */
function details(message: OwnitMessage, index: number, where: string): DocumentFragment {
  const fragment = document.createDocumentFragment()
  const head = make('div', '')
  head.append(make('span', 'category', categoryNames[message.category] ?? message.category), make('span', 'phrase', `“${message.actual}”`))
  fragment.append(head, make('div', 'message', message.message), make('div', 'why', message.why))
  if (message.expected.length > 0) {
    const rewrites = make('div', 'rewrites')
    rewrites.setAttribute('role', 'group')
    rewrites.setAttribute('aria-label', `Rewrites for “${message.actual}”`)
    message.expected.forEach((rewrite, choice) => {
      const button = make('button', choice === 0 && message.fix ? 'safe' : '', rewrite)
      button.type = 'button'
      button.dataset['issue'] = String(index)
      button.dataset['where'] = where
      button.setAttribute('aria-label', `Replace “${message.actual}” with “${rewrite}”${choice === 0 && message.fix ? ' (safe)' : ''}`)
      button.addEventListener('click', () => accept(message, rewrite))
      rewrites.append(button)
    })
    fragment.append(rewrites)
  }
  return fragment
}

function setActive(index: number, on: boolean): void {
  backdrop.querySelector(`mark[data-issue="${index}"]`)?.classList.toggle('active', on)
  issues.querySelector(`li[data-issue="${index}"]`)?.classList.toggle('active', on)
}

function showPopover(mark: HTMLElement): void {
  const index = Number(mark.dataset['issue'])
  const message = messages[index]
  if (!message) return
  window.clearTimeout(hideTimer)
  popover.replaceChildren(details(message, index, 'popover'))
  popover.style.setProperty('--c', colour(message.category))
  popover.hidden = false
  const box = mark.getBoundingClientRect()
  popover.style.left = `${Math.max(8, box.left + window.scrollX)}px`
  popover.style.top = `${box.bottom + window.scrollY + 6}px`
}

function hidePopover(): void {
  popover.hidden = true
}

function scheduleHide(): void {
  window.clearTimeout(hideTimer)
  hideTimer = window.setTimeout(hidePopover, 250)
}

/** Draw the highlights behind the textarea: the same text, flagged words in <mark>s. */
function drawHighlights(text: string): void {
  const nodes: Node[] = []
  let at = 0
  messages.forEach((message, index) => {
    if (message.offset < at) return
    nodes.push(document.createTextNode(text.slice(at, message.offset)))
    const mark = make('mark', '', text.slice(message.offset, message.endOffset))
    mark.dataset['issue'] = String(index)
    mark.dataset['category'] = message.category
    mark.style.setProperty('--c', colour(message.category))
    nodes.push(mark)
    at = message.endOffset
  })
  // A trailing newline needs a character after it to take up its line.
  nodes.push(document.createTextNode(text.slice(at) + '\n'))
  backdrop.replaceChildren(...nodes)
  backdrop.scrollTop = reply.scrollTop
}

function drawIssues(): void {
  issues.replaceChildren(
    ...messages.map((message, index) => {
      const item = make('li', 'issue')
      item.dataset['issue'] = String(index)
      item.style.setProperty('--c', colour(message.category))
      item.append(details(message, index, 'list'))
      item.addEventListener('mouseenter', () => setActive(index, true))
      item.addEventListener('mouseleave', () => setActive(index, false))
      item.addEventListener('focusin', () => setActive(index, true))
      item.addEventListener('focusout', () => setActive(index, false))
      return item
    })
  )
}

/** Check the reply and redraw everything. */
function run(): void {
  const text = reply.value
  messages = check(text, { spelling: spelling }).messages
  current = undefined
  drawHighlights(text)
  drawIssues()
  const line = describe(messages)
  if (summary.textContent !== line) summary.textContent = line
  fixAll.disabled = !messages.some((message) => message.fix)
}

let pending = 0
function schedule(): void {
  if (pending) return
  pending = window.requestAnimationFrame(() => {
    pending = 0
    run()
  })
}

for (const [index, example] of examples.entries()) {
  const option = make('option', '', example.label)
  option.value = String(index)
  exampleSelect.append(option)
}
exampleSelect.addEventListener('change', () => {
  const example = examples[Number(exampleSelect.value)]
  if (!example || exampleSelect.value === '') return
  reply.value = example.text
  run()
})

for (const category of Object.keys(categoryNames)) {
  const swatch = make('span', '', categoryNames[category])
  swatch.style.setProperty('--c', colour(category))
  legend.append(swatch)
}

spellingBox.addEventListener('change', async () => {
  if (!spellingBox.checked) {
    spelling = false
    run()
    return
  }
  spellingState.textContent = '(loading the dictionary…)'
  try {
    // From the page's own folder: the page never calls another origin.
    await loadDictionary(new URL('dictionaries/en-US.lex', document.baseURI))
    spellingState.textContent = ''
    spelling = spellingBox.checked
  } catch {
    spellingBox.checked = false
    spellingState.textContent = '(the dictionary could not be loaded: spelling needs the page served over HTTP)'
  }
  run()
})

fixAll.addEventListener('click', () => {
  const result = fix(reply.value, { spelling })
  reply.value = result.text
  run()
  reply.focus()
})
popover.addEventListener('mouseenter', () => window.clearTimeout(hideTimer))
popover.addEventListener('mouseleave', scheduleHide)
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') hidePopover()
})
/**
 * The textarea lies over the highlights and takes the pointer (so clicks place the caret):
 * find the highlight under the pointer, or under the caret, by its boxes.
 */
function markAt(x: number, y: number): HTMLElement | undefined {
  for (const mark of backdrop.querySelectorAll<HTMLElement>('mark')) {
    for (const box of mark.getClientRects()) {
      if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) return mark
    }
  }
  return undefined
}

function point(mark: HTMLElement | undefined): void {
  if (mark === current) return
  if (current) setActive(Number(current.dataset['issue']), false)
  current = mark
  if (mark) {
    setActive(Number(mark.dataset['issue']), true)
    showPopover(mark)
  } else {
    scheduleHide()
  }
}

reply.addEventListener('mousemove', (event) => point(markAt(event.clientX, event.clientY)))
reply.addEventListener('mouseleave', () => point(undefined))
// The caret inside a flagged phrase shows its coaching too (keyboard users).
function pointAtCaret(): void {
  const caret = reply.selectionStart
  const index = messages.findIndex((message) => reply.selectionEnd === caret && caret > message.offset && caret < message.endOffset)
  point(index === -1 ? undefined : (backdrop.querySelector<HTMLElement>(`mark[data-issue="${index}"]`) ?? undefined))
}
reply.addEventListener('keyup', pointAtCaret)
reply.addEventListener('click', pointAtCaret)
reply.addEventListener('input', schedule)
reply.addEventListener('scroll', () => {
  backdrop.scrollTop = reply.scrollTop
})
run()
