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
 */
if (!root || root.getAttribute('data-ready')) return;
var dataElement = root.querySelector('script.clp-data');
var data;
try { data = JSON.parse(dataElement.textContent); } catch (e) { data = null; }
var frames = data && data.f, S = data && data.s;
if (!frames || !frames.length) { root.setAttribute('data-ready', 'text'); return; }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
var ui = el('div', 'clp-ui');
ui.appendChild(el('style', null, CSS));
var head = el('div', 'clp-head');
head.appendChild(el('strong', 'clp-title', data.title));
var where = el('span', 'clp-where');
head.appendChild(where);
ui.appendChild(head);
var controls = el('div', 'clp-controls');
function button(act, text, title) {
  var b = el('button', 'clp-btn', text);
  b.type = 'button';
  b.setAttribute('data-act', act);
  b.title = title;
  b.setAttribute('aria-label', title);
  controls.appendChild(b);
  return b;
}
var first = button('first', '|\u25c0', 'first tick (Home)');
var prev = button('prev', '\u25c0', 'previous tick (\u2190)');
var play = button('play', '\u25b6 play', 'play / pause (space)');
var next = button('next', '\u25b6', 'next tick (\u2192)');
var last = button('last', '\u25b6|', 'last tick (End)');
var slider = el('input', 'clp-slider');
slider.type = 'range';
slider.min = '0';
slider.max = String(frames.length - 1);
slider.value = '0';
slider.setAttribute('aria-label', 'tick');
controls.appendChild(slider);
ui.appendChild(controls);
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
var timersPanel = panel('clp-p-timers', 'Timers', 'asyncio: loop._scheduled \u00b7 soonest first');
var timersList = timersPanel.panel.appendChild(el('ul', 'clp-list clp-timers'));
var tasksPanel = panel('clp-p-tasks', 'Tasks', '\u25b6 = current task in this tick');
var tasksList = tasksPanel.panel.appendChild(el('ul', 'clp-list clp-tasks'));
var outputPanel = panel('clp-p-output', 'Printed so far');
var output = outputPanel.panel.appendChild(el('pre', 'clp-out'));
ui.appendChild(grid);
if (data.truncated || data.total > frames.length)
  ui.appendChild(el('div', 'clp-note', data.truncated
    ? 'The trace stopped recording after 100,000 spans: later ticks are not shown.'
    : 'Showing the first ' + frames.length + ' of ' + data.total + ' ticks.'));
var text = root.querySelector('.clp-text');
if (text) text.parentNode.removeChild(text);
root.appendChild(ui);
root.setAttribute('role', 'group');
root.setAttribute('aria-label', 'Event loop player: ' + data.title + '. Left and right arrows step through the ticks.');

var current = 0, timer = null;
function empty(list, note) { list.appendChild(el('li', 'clp-empty', note)); }
function more(list, count) { if (count > 0) list.appendChild(el('li', 'clp-empty', '\u2026 ' + count + ' more')); }
function render(i) {
  current = Math.max(0, Math.min(frames.length - 1, i));
  var f = frames[current];
  where.textContent = 'tick ' + f.n + ' \u00b7 ' + (current + 1) + ' of ' + frames.length + ' \u00b7 ' + f.t + ' ' + data.clock;
  root.setAttribute('data-tick', String(f.n));
  slider.value = String(current);
  clear(queueList);
  f.q.forEach(function (c) {
    var li = el('li', 'clp-item' + (c[2] ? ' clp-cancelled' : '') + (c[3] >= 0 ? ' clp-step' : ''));
    li.appendChild(el('span', 'clp-label', S[c[0]]));
    li.appendChild(el('span', 'clp-badge', c[2] ? c[1] + '; cancelled: skipped' : c[1]));
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
    var li = el('li', 'clp-item clp-' + k[1]);
    li.appendChild(el('span', 'clp-mark', k[1] === 'running' ? '\u25b6 ' : '\u2003'));
    li.appendChild(el('span', 'clp-label', S[k[0]]));
    li.appendChild(el('span', 'clp-badge', k[1] + (k[2] >= 0 ? ': ' + S[k[2]] : '')));
    tasksList.appendChild(li);
  });
  more(tasksList, f.kx);
  if (!f.k.length) empty(tasksList, '(none)');
  var lines = [];
  for (var n = 0; n <= current; n++)
    frames[n].q.forEach(function (c) { c[7].forEach(function (p) { lines.push('tick ' + frames[n].n + ': ' + S[p]); }); });
  output.textContent = lines.length ? lines.join('\n') : '(nothing yet)';
  first.disabled = prev.disabled = current === 0;
  next.disabled = last.disabled = current === frames.length - 1;
}
function stop() {
  if (timer !== null) clearInterval(timer);
  timer = null;
  play.textContent = '\u25b6 play';
}
function toggle() {
  if (timer !== null) { stop(); return; }
  if (current === frames.length - 1) render(0);
  play.textContent = '\u275a\u275a pause';
  timer = setInterval(function () {
    if (!document.documentElement.contains(root) || current >= frames.length - 1) { stop(); return; }
    render(current + 1);
  }, 900);
}
controls.addEventListener('click', function (e) {
  var act = e.target && e.target.getAttribute && e.target.getAttribute('data-act');
  if (!act) return;
  if (act === 'play') { toggle(); return; }
  stop();
  render(act === 'first' ? 0 : act === 'prev' ? current - 1 : act === 'next' ? current + 1 : frames.length - 1);
});
slider.addEventListener('input', function () { stop(); render(+slider.value); });
root.addEventListener('keydown', function (e) {
  if (e.target === slider && e.key !== ' ') { e.stopPropagation(); return; }
  var to = null;
  if (e.key === 'ArrowRight' || e.key === 'Right') to = current + 1;
  else if (e.key === 'ArrowLeft' || e.key === 'Left') to = current - 1;
  else if (e.key === 'Home') to = 0;
  else if (e.key === 'End') to = frames.length - 1;
  else if (e.key === ' ' || e.key === 'Spacebar') { toggle(); }
  else return;
  if (to !== null) { stop(); render(to); }
  e.preventDefault();
  e.stopPropagation();
});
root.setAttribute('data-ready', 'true');
render(0);
