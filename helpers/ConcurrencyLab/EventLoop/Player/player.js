/*
 * The event loop player: PlayerHtml puts this inside (function () { ... })() after `var root` (the player's
 * element) and `var CSS` (player.css). Plain JavaScript, no library, no network; all text goes in through
 * textContent, never as markup. This comment is not shipped.
 *
 * Why each step:
 * - data-ready guards against a second run of the same script (some editors re-run output scripts).
 * - Bad or missing data leaves the text version in place rather than an empty box.
 * - Keys are handled on the focusable root and stopped there, so a notebook's own shortcuts (arrows move
 *   between cells in command mode) do not fire too; the slider keeps its own arrow keys.
 * - The play timer stops itself once the element has left the page (a re-run cell replaces its output).
 * - Two data blocks and a rows block make a side-by-side player: one slider steps through the aligned rows, each
 *   row naming a frame of each side (-1: that side has no tick there) and the differences found there.
 */
if (!root || root.getAttribute('data-ready')) return;
function parse(e) { try { return JSON.parse(e.textContent); } catch (x) { return null; } }
var datas = Array.prototype.map.call(root.querySelectorAll('script.clp-data'), parse);
var rowsElement = root.querySelector('script.clp-rows');
var pair = rowsElement ? parse(rowsElement) : null;
var usable = datas.length > 0 && datas.every(function (d) { return d && d.f && d.s; });
if (!usable || (rowsElement ? !(pair && pair.rows && pair.rows.length && datas.length === 2) : !datas[0].f.length)) {
  root.setAttribute('data-ready', 'text');
  return;
}
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
function empty(list, note) { list.appendChild(el('li', 'clp-empty', note)); }
function more(list, count) { if (count > 0) list.appendChild(el('li', 'clp-empty', '\u2026 ' + count + ' more')); }

// One run's panels inside host (after its heading, slot: the controls of a single player): render(i) shows frame i; render(-1, p) shows that this side has no tick at this
// step of a side-by-side player, with its output as of frame p.
function view(data, host, slot) {
  var frames = data.f, S = data.s;
  var head = el('div', 'clp-head');
  if (data.side) head.appendChild(el('span', 'clp-side-name', data.side));
  head.appendChild(el('strong', 'clp-title', data.title));
  var where = el('span', 'clp-where');
  head.appendChild(where);
  host.appendChild(head);
  if (slot) host.appendChild(slot);
  if (data.ended) host.appendChild(el('div', 'clp-ended', data.ended));
  var diffs = el('div', 'clp-diffs');
  diffs.style.display = 'none';
  host.appendChild(diffs);
  var grid = el('div', 'clp-grid');
  function panel(cls, title, note) {
    var p = el('section', 'clp-panel ' + cls);
    var h = el('div', 'clp-h');
    var t = el('span', 'clp-h-text', title);
    var n = el('span', 'clp-note', note ? ' ' + note : '');
    h.appendChild(t);
    h.appendChild(n);
    p.appendChild(h);
    grid.appendChild(p);
    return { panel: p, title: t, note: n };
  }
  var queuePanel = panel('clp-p-queue', 'Ready queue', 'asyncio: loop._ready \u00b7 front first \u00b7 all of it runs in this tick');
  var queueList = queuePanel.panel.appendChild(el('ol', 'clp-list clp-queue'));
  var joinedPanel = panel('clp-p-joined', 'Joined the queue during this tick', 'runs in the next tick');
  var joinedList = joinedPanel.panel.appendChild(el('ol', 'clp-list clp-joined'));
  var timersPanel = panel('clp-p-timers', 'Timers', 'asyncio: loop._scheduled, cancelled ones not shown \u00b7 soonest first');
  var timersList = timersPanel.panel.appendChild(el('ul', 'clp-list clp-timers'));
  var tasksPanel = panel('clp-p-tasks', 'Tasks', '\u25b6 = current task in this tick');
  var tasksList = tasksPanel.panel.appendChild(el('ul', 'clp-list clp-tasks'));
  var outputPanel = panel('clp-p-output', 'Printed so far');
  var output = outputPanel.panel.appendChild(el('pre', 'clp-out'));
  host.appendChild(grid);
  if (data.leftOut || data.truncated || data.total > frames.length)
    host.appendChild(el('div', 'clp-note clp-left-out', data.leftOut ? data.leftOut : data.truncated
      ? 'The trace stopped recording after 100,000 spans: later ticks are not shown.'
      : 'Showing the first ' + frames.length + ' of ' + data.total + ' ticks.'));
  function printedUpTo(last) {
    var lines = [];
    for (var n = 0; n <= last; n++)
      frames[n].q.forEach(function (c) { c[7].forEach(function (p) { lines.push('tick ' + frames[n].n + ': ' + S[p]); }); });
    output.textContent = lines.length ? lines.join('\n') : '(nothing yet)';
  }
  function render(i, before) {
    if (i < 0) {
      where.textContent = 'no tick at this step' + (before >= 0 ? ' \u00b7 after tick ' + frames[before].n : '');
      host.removeAttribute('data-tick');
      [queueList, joinedList, timersList, tasksList].forEach(function (list) { clear(list); empty(list, '(no tick here)'); });
      printedUpTo(before);
      return null;
    }
    var f = frames[i];
    where.textContent = 'tick ' + f.n + ' \u00b7 ' + (i + 1) + ' of ' + frames.length + ' \u00b7 ' + f.t + ' ' + data.clock;
    host.setAttribute('data-tick', String(f.n));
    clear(queueList);
    f.q.forEach(function (c) {
      var li = el('li', 'clp-item' + (c[2] ? ' clp-cancelled' : '') + (c[3] >= 0 ? ' clp-step' : '') + (c[9] ? ' clp-bookkeeping' : ''));
      li.appendChild(el('span', 'clp-label', S[c[0]]));
      li.appendChild(el('span', 'clp-badge', c[2] ? S[c[1]] + '; cancelled: skipped' : S[c[1]]));
      if (c[9]) li.appendChild(el('span', 'clp-badge clp-bk', "asyncio's bookkeeping"));
      if (c[4] >= 0) li.appendChild(el('div', 'clp-sub', 'woken by ' + S[c[4]]));
      if (c[8] >= 0) li.appendChild(el('div', 'clp-sub clp-untimed', 'not timed: it ' + S[c[8]]));
      c[7].forEach(function (p) { li.appendChild(el('div', 'clp-sub clp-print', 'prints "' + S[p] + '"')); });
      if (c[3] >= 0) li.appendChild(el('div', 'clp-sub', c[6] ? S[c[3]] + ' finished' : S[c[3]] + ' then awaits ' + S[c[5]]));
      queueList.appendChild(li);
    });
    more(queueList, f.qx);
    if (!f.q.length) empty(queueList, '(not recorded)');
    joinedPanel.title.textContent = f.last ? 'Left in the queue when the loop stopped' : 'Joined the queue during this tick';
    joinedPanel.note.textContent = f.last ? ' dropped, as asyncio drops them' : ' runs in the next tick';
    clear(joinedList);
    f.j.forEach(function (j) { var li = el('li', 'clp-item'); li.appendChild(el('span', 'clp-label', S[j])); joinedList.appendChild(li); });
    more(joinedList, f.jx);
    if (!f.j.length) empty(joinedList, '(nothing)');
    clear(timersList);
    f.tm.forEach(function (t) {
      var li = el('li', 'clp-item');
      li.appendChild(el('span', 'clp-due', 'due at ' + t[1] + ': '));
      li.appendChild(el('span', 'clp-label', S[t[0]]));
      timersList.appendChild(li);
    });
    if (f.tp > f.tm.length) timersList.appendChild(el('li', 'clp-empty', '\u2026 ' + (f.tp - f.tm.length) + ' more'));
    if (!f.tp) empty(timersList, '(none)');
    clear(tasksList);
    f.k.forEach(function (k) {
      var phase = S[k[1]];
      var li = el('li', 'clp-item clp-' + phase);
      li.appendChild(el('span', 'clp-mark', phase === 'running' ? '\u25b6 ' : '\u2003'));
      li.appendChild(el('span', 'clp-label', S[k[0]]));
      li.appendChild(el('span', 'clp-badge', phase + (k[2] >= 0 ? ': ' + S[k[2]] : '')));
      if (k[3] >= 0) li.appendChild(el('div', 'clp-sub clp-code', S[k[3]]));
      tasksList.appendChild(li);
    });
    more(tasksList, f.kx);
    if (!f.k.length) empty(tasksList, '(none)');
    printedUpTo(i);
    return f.n;
  }
  function showDiffs(list, isFirst) {
    clear(diffs);
    host.className = host.className.replace(/ clp-differs/g, '') + (isFirst ? ' clp-differs' : '');
    if (!list.length) { diffs.style.display = 'none'; return; }
    diffs.style.display = '';
    if (isFirst) diffs.appendChild(el('div', 'clp-diff-first', 'First difference between the loops'));
    list.forEach(function (d) {
      diffs.appendChild(el('div', d[1] ? 'clp-diff clp-explained' : 'clp-diff', d[1] ? d[0] + ' \u2014 explained by ' + d[1] : d[0]));
    });
  }
  return { render: render, showDiffs: showDiffs, frames: frames };
}

var ui = el('div', 'clp-ui');
ui.appendChild(el('style', null, CSS));
var title = pair ? pair.title : datas[0].title;
if (pair) {
  var pairHead = el('div', 'clp-head');
  pairHead.appendChild(el('strong', 'clp-title', pair.title));
  ui.appendChild(pairHead);
}
var controls = el('div', 'clp-controls');
function button(act, text, tip) {
  var b = el('button', 'clp-btn', text);
  b.type = 'button';
  b.setAttribute('data-act', act);
  b.title = tip;
  b.setAttribute('aria-label', tip);
  controls.appendChild(b);
  return b;
}
var first = button('first', '|\u25c0', 'first tick (Home)');
var prev = button('prev', '\u25c0', 'previous tick (\u2190)');
var play = button('play', '\u25b6 play', 'play / pause (space)');
var next = button('next', '\u25b6', 'next tick (\u2192)');
var last = button('last', '\u25b6|', 'last tick (End)');
var steps = pair ? pair.rows.length : datas[0].f.length;
var track = el('span', 'clp-track');
var slider = el('input', 'clp-slider');
slider.type = 'range';
slider.min = '0';
slider.max = String(steps - 1);
slider.value = '0';
slider.setAttribute('aria-label', pair ? 'step (both loops)' : 'tick');
track.appendChild(slider);
controls.appendChild(track);
var views = [], sideHosts = [], before = [[], []];
if (pair) {
  if (pair.first >= 0) {
    var marker = el('span', 'clp-marker');
    marker.style.left = (steps > 1 ? pair.first / (steps - 1) * 100 : 0) + '%';
    marker.title = 'first difference: step ' + (pair.first + 1);
    track.appendChild(marker);
    button('diff', '\u2260 first difference', 'jump to the first difference (D)');
  }
  var status = el('div', 'clp-status', pair.first >= 0
    ? 'The loops first differ at step ' + (pair.first + 1) + ' of ' + pair.total + ' (marked on the slider).'
    : pair.firstBeyond > 0 ? 'The loops first differ at step ' + pair.firstBeyond + ', past the ' + steps + ' steps shown.'
    : 'The loops agree at every step shown' + (pair.total > steps ? ' (' + steps + ' of ' + pair.total + ')' : '') + '.');
  ui.appendChild(controls);
  ui.appendChild(status);
  var sides = el('div', 'clp-sides');
  datas.forEach(function (d, s) {
    var host = el('section', 'clp-side clp-side-' + (s === 0 ? 'left' : 'right'));
    sides.appendChild(host);
    sideHosts.push(host);
    views.push(view(d, host));
    // The latest frame of this side at or before each row: what its output shows where it has no tick.
    var latest = -1;
    pair.rows.forEach(function (r) { if (r[s] >= 0) latest = r[s]; before[s].push(latest); });
  });
  ui.appendChild(sides);
} else {
  views.push(view(datas[0], ui, controls));
}
var text = root.querySelector('.clp-text');
if (text) text.parentNode.removeChild(text);
root.appendChild(ui);
root.setAttribute('role', 'group');
root.setAttribute('aria-label', (pair ? 'Two event loops side by side: ' : 'Event loop player: ') + title + '. Left and right arrows step through the ticks.');

var current = 0, timer = null;
function render(i) {
  current = Math.max(0, Math.min(steps - 1, i));
  slider.value = String(current);
  if (pair) {
    var row = pair.rows[current];
    var shown = views.map(function (v, s) { return v.render(row[s], before[s][current]); });
    views.forEach(function (v) { v.showDiffs(row[2], current === pair.first); });
    root.setAttribute('data-row', String(current));
    var n = shown[0] !== null ? shown[0] : shown[1];
    if (n !== null) root.setAttribute('data-tick', String(n));
  } else {
    root.setAttribute('data-tick', String(views[0].render(current)));
  }
  first.disabled = prev.disabled = current === 0;
  next.disabled = last.disabled = current === steps - 1;
}
function stop() {
  if (timer !== null) clearInterval(timer);
  timer = null;
  play.textContent = '\u25b6 play';
}
function toggle() {
  if (timer !== null) { stop(); return; }
  if (current === steps - 1) render(0);
  play.textContent = '\u275a\u275a pause';
  timer = setInterval(function () {
    if (!document.documentElement.contains(root) || current >= steps - 1) { stop(); return; }
    render(current + 1);
  }, 900);
}
function target(act) {
  return act === 'first' ? 0 : act === 'prev' ? current - 1 : act === 'next' ? current + 1
    : act === 'diff' ? pair.first : steps - 1;
}
controls.addEventListener('click', function (e) {
  var act = e.target && e.target.getAttribute && e.target.getAttribute('data-act');
  if (!act) return;
  if (act === 'play') { toggle(); return; }
  stop();
  render(target(act));
});
slider.addEventListener('input', function () { stop(); render(+slider.value); });
root.addEventListener('keydown', function (e) {
  if (e.target === slider && e.key !== ' ') { e.stopPropagation(); return; }
  var to = null;
  if (e.key === 'ArrowRight' || e.key === 'Right') to = current + 1;
  else if (e.key === 'ArrowLeft' || e.key === 'Left') to = current - 1;
  else if (e.key === 'Home') to = 0;
  else if (e.key === 'End') to = steps - 1;
  else if ((e.key === 'd' || e.key === 'D') && pair && pair.first >= 0) to = pair.first;
  else if (e.key === ' ' || e.key === 'Spacebar') { toggle(); }
  else return;
  if (to !== null) { stop(); render(to); }
  e.preventDefault();
  e.stopPropagation();
});
root.setAttribute('data-ready', 'true');
render(0);
