/*
 * Draws one Gantt chart: PlotlyHtml puts this inside (function () { ... })() after `var fig` (the figure),
 * `var root` (the chart's element) and `var height`. {{plotlyCdnUrl}} becomes the CDN address of the plotly.js
 * version the helpers were built with (PlotlyJs.CdnUrl). This comment is not shipped.
 *
 * Why each step:
 * - window.Plotly already present (the runner's report embeds plotly.js in the page head): use it, load nothing.
 * - One global promise: many charts on one page load plotly.js once.
 * - Classic Jupyter has require.js: an AMD `define` makes plotly.js register as a module and never set
 *   window.Plotly, so when `requirejs` is there we load it through require under our own module name; when only
 *   a bare `define` is there (another AMD loader), we hide it while plotly.js runs, then put it back.
 * - window.concurrencyLabPlotlyUrl may name another copy (offline mirror, tests); default: the CDN.
 * - On failure the text chart stays and a one-line hint says why, instead of a blank box.
 * - Gantt traces carry [name, thread, duration] per bar; start and end for the hover are added here from the
 *   bar positions so the figure JSON stays small.
 */
var w = window;
var hint = root.querySelector('.cl-hint');
function draw(Plotly) {
  var plot = root.querySelector('.cl-plot');
  fig.data.forEach(function (t) {
    if (t.base && t.customdata) {
      t.customdata = t.customdata.map(function (c, i) {
        return [c[0], c[1], c[2], t.base[i], Math.round((t.base[i] + c[2]) * 1000) / 1000];
      });
    }
  });
  plot.style.height = height + 'px';
  return Promise.resolve(Plotly.newPlot(plot, fig.data, fig.layout, fig.config)).then(function () {
    var text = root.querySelector('.cl-text');
    if (text) text.parentNode.removeChild(text);
    root.setAttribute('data-drawn', 'true');
  });
}
function fail(error) {
  hint.textContent = 'Interactive chart unavailable (plotly.js could not be loaded: offline?). The text chart above shows the same spans.';
  hint.style.display = 'block';
  if (w.console) console.warn('Concurrency Lab chart:', error);
}
function load() {
  if (w.Plotly && w.Plotly.newPlot) return Promise.resolve(w.Plotly);
  if (w.__concurrencyLabPlotly) return w.__concurrencyLabPlotly;
  var url = w.concurrencyLabPlotlyUrl || '{{plotlyCdnUrl}}';
  w.__concurrencyLabPlotly = new Promise(function (resolve, reject) {
    if (typeof w.requirejs === 'function' && typeof w.requirejs.config === 'function') {
      w.requirejs.config({ paths: { 'concurrency-lab-plotly': url.replace(/\.js$/, '') } });
      w.requirejs(['concurrency-lab-plotly'], resolve, reject);
      return;
    }
    var savedDefine = w.define;
    var hideDefine = typeof savedDefine === 'function' && savedDefine.amd;
    if (hideDefine) w.define = undefined;
    var script = document.createElement('script');
    script.src = url;
    script.async = true;
    function done() { if (hideDefine) w.define = savedDefine; }
    script.onload = function () {
      done();
      if (w.Plotly && w.Plotly.newPlot) resolve(w.Plotly); else reject(new Error('plotly.js loaded but window.Plotly is missing'));
    };
    script.onerror = function () { done(); reject(new Error('could not load ' + url)); };
    (document.head || document.documentElement).appendChild(script);
  });
  // A failed load must not poison later charts (the user may come back online): forget it.
  w.__concurrencyLabPlotly.catch(function () { w.__concurrencyLabPlotly = undefined; });
  return w.__concurrencyLabPlotly;
}
load().then(draw).catch(fail);
