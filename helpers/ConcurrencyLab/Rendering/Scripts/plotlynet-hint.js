/*
 * The offline hint around a Plotly.NET chart: PlotlyNetHint puts this inside (function () { ... })() after
 * `var root` (the wrapper) and `var delayMs`. This comment is not shipped.
 *
 * A drawn chart is plotly.js's own svg inside the wrapper (Plotly.newPlot adds .main-svg to the target div).
 * The observer watches for it, so a chart that draws late (a slow network) hides a hint already shown; once
 * drawn, nothing is watched any more.
 */
if (!root) return;
var hint = root.querySelector('.cl-plotlynet-hint');
var due = false, observer = null;
function update() {
  var drawn = !!root.querySelector('.main-svg');
  hint.style.display = drawn || !due ? 'none' : 'block';
  root.setAttribute('data-drawn', drawn ? 'true' : 'false');
  if (drawn && observer) { observer.disconnect(); observer = null; }
  return drawn;
}
if (!update() && typeof MutationObserver === 'function') {
  observer = new MutationObserver(update);
  observer.observe(root, { childList: true, subtree: true });
}
setTimeout(function () { due = true; update(); }, delayMs);
