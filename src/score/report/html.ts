/**
 * The HTML report of `ownit score`: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) a trainer can forward. Every piece of text from a transcript
 * or a rule is escaped. Pure: summary in, HTML out.
 */
import type { ExampleReply, GroupSummary, Summary } from '../aggregate.js'
import type { Practice } from '../types.js'

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}

export interface HtmlReportInput {
  summary: Summary
  practices: readonly Practice[]
  /** `ownit score --explain-score`, shown at the end. */
  explanation: string
  /** What was scored, e.g. "transcripts/ — 1,204 conversations". */
  title: string
  /** When, as the caller wants it shown (the report never reads the clock). */
  generated: string
}

const css = `
:root{--ink:#1d2430;--muted:#5b6472;--line:#d9dee5;--bg:#f6f7f9;--good:#2f855a;--mid:#b7791f;--bad:#c53030;--accent:#2b6cb0}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}.muted{color:var(--muted)}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:150px}.card b{display:block;font-size:24px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.score{font-weight:700}.s-good{color:var(--good)}.s-mid{color:var(--mid)}.s-bad{color:var(--bad)}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}figcaption{color:var(--muted);font-size:13px;margin-top:4px}
.reply{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:6px;padding:10px 12px;margin:8px 0}
.reply.best{border-left-color:var(--good)}.reply .meta{color:var(--muted);font-size:12px}mark{background:#fde2e1;color:inherit;padding:0 2px;border-radius:3px}
.rewrite{color:var(--good)}.try{font-weight:600}ul.flags{margin:6px 0 0;padding-left:18px}
.agent{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 16px 12px;margin:16px 0}
pre{white-space:pre-wrap;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;font-size:13px}
.pct{display:inline-block;min-width:44px;text-align:right}
@media print{body{background:#fff}.agent,figure,table{break-inside:avoid}}
`

function band(score: number): string {
  return score >= 80 ? 's-good' : score >= 60 ? 's-mid' : 's-bad'
}

function colour(score: number): string {
  return score >= 80 ? '#2f855a' : score >= 60 ? '#b7791f' : '#c53030'
}

/** Horizontal bars: each agent's mean score, with a tick at the median. */
function agentChart(summary: Summary): string {
  const agents = summary.agents
  const rowHeight = 26
  const left = 170
  const right = 60
  const width = 760
  const plot = width - left - right
  const height = agents.length * rowHeight + 30
  const bars = agents
    .map((agent, index) => {
      const y = index * rowHeight + 4
      const barWidth = (agent.mean / 100) * plot
      const tick = left + (agent.median / 100) * plot
      return (
        `<g class="agent-bar" data-agent="${escapeHtml(agent.agent)}">` +
        `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="13">${escapeHtml(clipName(agent.agent))}</text>` +
        `<rect class="bar" x="${left}" y="${y}" width="${barWidth.toFixed(1)}" height="${rowHeight - 8}" rx="3" fill="${colour(agent.mean)}"><title>${escapeHtml(agent.agent)}: mean ${agent.mean}, median ${agent.median}, ${agent.conversations} conversations</title></rect>` +
        `<line x1="${tick.toFixed(1)}" x2="${tick.toFixed(1)}" y1="${y - 2}" y2="${y + rowHeight - 6}" stroke="#1d2430" stroke-width="2"/>` +
        `<text x="${(left + barWidth + 6).toFixed(1)}" y="${y + 15}" font-size="13">${agent.mean.toFixed(1)}</text></g>`
      )
    })
    .join('')
  const axis = [0, 25, 50, 75, 100]
    .map((value) => {
      const x = left + (value / 100) * plot
      return `<line x1="${x}" x2="${x}" y1="0" y2="${height - 24}" stroke="#d9dee5"/><text x="${x}" y="${height - 8}" font-size="11" text-anchor="middle" fill="#5b6472">${value}</text>`
    })
    .join('')
  return `<figure><svg id="agent-chart" role="img" aria-label="Mean score per agent" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${axis}${bars}</svg><figcaption>Mean score per agent (bar) and median (tick), 0–100.</figcaption></figure>`
}

/** Columns: how many conversations scored in each band of ten. */
function distributionChart(group: GroupSummary): string {
  const width = 760
  const height = 200
  const bottom = 24
  const most = Math.max(1, ...group.distribution)
  const slot = width / 10
  const bars = group.distribution
    .map((count, index) => {
      const barHeight = (count / most) * (height - bottom - 20)
      const x = index * slot + 6
      const y = height - bottom - barHeight
      const label = index === 9 ? '90–100' : `${index * 10}–${index * 10 + 9}`
      return (
        `<rect class="band" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 12).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${colour(index * 10 + 5)}"><title>${label}: ${count}</title></rect>` +
        `<text x="${(x + (slot - 12) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" font-size="12" text-anchor="middle">${count}</text>` +
        `<text x="${(x + (slot - 12) / 2).toFixed(1)}" y="${height - 6}" font-size="11" text-anchor="middle" fill="#5b6472">${label}</text>`
      )
    })
    .join('')
  return `<figure><svg id="distribution-chart" role="img" aria-label="Distribution of conversation scores" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${bars}</svg><figcaption>Conversations per score band.</figcaption></figure>`
}

function clipName(name: string): string {
  return name.length > 22 ? name.slice(0, 21) + '…' : name
}

/** The reply with the first occurrence of each flagged phrase marked. */
function markedReply(reply: ExampleReply): string {
  const text = reply.text
  const spans: Array<[number, number]> = []
  for (const flag of reply.flags ?? []) {
    const at = flag.actual ? text.indexOf(flag.actual) : -1
    if (at >= 0 && !spans.some(([start, end]) => at < end && start < at + flag.actual.length)) spans.push([at, at + flag.actual.length])
  }
  spans.sort((a, b) => a[0] - b[0])
  let html = ''
  let last = 0
  for (const [start, end] of spans) {
    html += escapeHtml(text.slice(last, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>'
    last = end
  }
  return html + escapeHtml(text.slice(last))
}

function flaggedReplies(replies: readonly ExampleReply[]): string {
  if (replies.length === 0) return '<p class="muted">No flagged replies.</p>'
  return replies
    .map(
      (reply) =>
        `<div class="reply"><div class="meta">${escapeHtml(reply.conversation)} · ${escapeHtml(reply.path)}:${reply.line} · score ${reply.score}</div>` +
        `<div>${markedReply(reply)}</div><ul class="flags">` +
        (reply.flags ?? [])
          .map((flag) => `<li>“${escapeHtml(flag.actual)}”: ${escapeHtml(flag.message)}${flag.expected ? ` <div class="rewrite"><span class="try">Try:</span> ${escapeHtml(flag.expected)}</div>` : ''}</li>`)
          .join('') +
        '</ul></div>'
    )
    .join('')
}

function bestReplies(replies: readonly ExampleReply[], titles: ReadonlyMap<string, string>): string {
  if (replies.length === 0) return '<p class="muted">No reply showed a practice without a flag.</p>'
  return replies
    .map(
      (reply) =>
        `<div class="reply best"><div class="meta">${escapeHtml(reply.conversation)} · ${escapeHtml(reply.path)}:${reply.line} · shows: ${escapeHtml(
          (reply.practices ?? []).map((id) => titles.get(id) ?? id).join('; ')
        )}</div><div>${escapeHtml(reply.text)}</div></div>`
    )
    .join('')
}

function problemsTable(group: GroupSummary): string {
  if (group.problems.length === 0) return '<p class="muted">No ownership language flagged.</p>'
  return (
    '<table class="problems"><tr><th>phrase</th><th>what the customer hears</th><th>try instead</th><th class="num">times</th></tr>' +
    group.problems
      .map(
        (problem) =>
          `<tr><td>“${escapeHtml(problem.actual)}”<div class="muted">${escapeHtml(problem.ruleId)} · ${escapeHtml(problem.category)}</div></td><td>${escapeHtml(problem.message)}</td><td class="rewrite">${escapeHtml(problem.expected)}</td><td class="num">${problem.count}</td></tr>`
      )
      .join('') +
    '</table>'
  )
}

function rate(group: GroupSummary, id: string): string {
  const counts = group.practices[id]
  const applicable = counts ? counts.found + counts.missing : 0
  if (!applicable) return '<span class="muted">n/a</span>'
  const value = Math.round((counts!.found / applicable) * 100)
  return `<span class="pct ${band(value)}">${value}%</span>`
}

/**
 * The id of each agent's section, in report order: `agent-` and the name with each
 * character other than A–Z, a–z, 0–9, `_` and `-` made `_` (the id a name had before
 * names could collide, kept where it is unique), and where two names come to the same id
 * (`Dana Smith`, `Dana.Smith`; `Zoë`, `Zoé`) the first keeps it and the next get `-2`,
 * `-3`, … (skipping any id another agent has by its name, and the page's own ids). The
 * same agents in the same order always get the same ids.
 */
export function agentAnchors(names: readonly string[]): string[] {
  const slugs = names.map((name) => `agent-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`)
  // Ids an agent has by its name, and the page's own, which a suffix must not take.
  const reserved = new Set([...slugs, ...pageIds])
  const taken = new Set(pageIds)
  return slugs.map((slug) => {
    let id = slug
    for (let suffix = 2; taken.has(id); suffix++) {
      id = `${slug}-${suffix}`
      if (reserved.has(id)) id = slug
    }
    taken.add(id)
    return id
  })
}

/** The ids of the page's own parts (`agent-chart` is also where an agent named "chart" would go). */
const pageIds = ['agent-chart', 'distribution-chart', 'practices']

/** The whole report as one HTML document. */
export function htmlReport(input: HtmlReportInput): string {
  const { summary, practices } = input
  const anchors = agentAnchors(summary.agents.map((agent) => agent.agent))
  const overall = summary.overall
  const titles = new Map(practices.map((practice) => [practice.id, practice.title]))
  const practiceTable =
    '<table id="practices"><tr><th>agent</th>' +
    practices.map((practice) => `<th class="num">${escapeHtml(practice.title)}</th>`).join('') +
    '</tr>' +
    [...summary.agents.map((agent) => ({ name: agent.agent, group: agent as GroupSummary })), { name: 'All agents', group: overall }]
      .map(({ name, group }) => `<tr><td>${escapeHtml(name)}</td>${practices.map((practice) => `<td class="num">${rate(group, practice.id)}</td>`).join('')}</tr>`)
      .join('') +
    '</table>'
  const agents = summary.agents
    .map(
      (agent, index) =>
        `<section class="agent" id="${anchors[index]!}"><h3>${escapeHtml(agent.agent)} — <span class="score ${band(agent.mean)}">${agent.mean.toFixed(1)}</span> mean, ${agent.median} median, over ${agent.conversations} conversation${agent.conversations === 1 ? '' : 's'}</h3>` +
        `<h4>Phrases to coach</h4>${problemsTable(agent)}` +
        `<h4>Lowest-scoring conversations</h4><table><tr><th>conversation</th><th>where</th><th class="num">score</th></tr>${agent.worst
          .map((worst) => `<tr><td>${escapeHtml(worst.id)}</td><td>${escapeHtml(worst.path)}:${worst.line}</td><td class="num score ${band(worst.score)}">${worst.score}</td></tr>`)
          .join('')}</table>` +
        `<h4>Flagged replies, with a rewrite</h4>${flaggedReplies(agent.flaggedReplies)}` +
        `<h4>Best replies</h4>${bestReplies(agent.bestReplies, titles)}</section>`
    )
    .join('')
  const skipped =
    summary.skipped.count === 0
      ? '<p class="muted">Every record was read.</p>'
      : `<p><b>${summary.skipped.count}</b> record${summary.skipped.count === 1 ? ' was' : 's were'} skipped${summary.skipped.count > summary.skipped.records.length ? ` (the first ${summary.skipped.records.length} are listed)` : ''}:</p><ul>${summary.skipped.records
          .map((record) => `<li>${escapeHtml(record.path)}:${record.line}: ${escapeHtml(record.reason)}</li>`)
          .join('')}</ul>`

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>ownit scorecard — ${escapeHtml(input.title)}</title><style>${css}</style></head>
<body><main>
<h1>Ownership scorecard</h1>
<p class="muted">${escapeHtml(input.title)} · generated ${escapeHtml(input.generated)} by ownit</p>
<div class="cards">
<div class="card"><span class="muted">conversations</span><b>${overall.conversations}</b></div>
<div class="card"><span class="muted">mean score</span><b class="${band(overall.mean)}">${overall.mean.toFixed(1)}</b></div>
<div class="card"><span class="muted">median score</span><b class="${band(overall.median)}">${overall.median}</b></div>
<div class="card"><span class="muted">agents</span><b>${summary.agents.length}</b></div>
<div class="card"><span class="muted">skipped records</span><b>${summary.skipped.count}</b></div>
</div>
<h2>Score per agent</h2>${agentChart(summary)}
<h2>Distribution of scores</h2>${distributionChart(overall)}
<h2>Top phrases to coach</h2>${problemsTable(overall)}
<h2>Practices</h2><p class="muted">Share of conversations showing each practice, where it applied.</p>${practiceTable}
<h2>Agents</h2>${agents}
<h2>Skipped records</h2>${skipped}
<h2>How the score works</h2><pre>${escapeHtml(input.explanation)}</pre>
</main></body></html>
`
}
