using System.Net;
using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// Wraps a plotly.js figure in the HTML fragment every chart type renders as: a text version first (so an
/// offline editor, or a viewer that runs no scripts, still shows the chart), then a script that loads plotly.js
/// once per page and replaces the text with the interactive chart.
/// </summary>
internal static class PlotlyHtml
{
    private static long _counter;

    /// <summary>
    /// Text that plotly.js draws (titles, tick labels, legend names, hover text) goes through its own
    /// pseudo-HTML parser: encode &amp; &lt; &gt; so a name like <c>&lt;b&gt;</c> shows as typed and never becomes
    /// markup; plotly.js decodes those entities back for display. Quotes are left alone: they are no markup to
    /// plotly.js, the JSON writer escapes them, and plotly.js does not decode <c>&amp;quot;</c> (a title would show it
    /// literally).
    /// </summary>
    public static string PlotlyText(string text) =>
        text.AsSpan().IndexOfAny("&<>") < 0 ? text // most names: no copy
        : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
              .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Text for HTML element content: tags and entities encoded; the line and paragraph separators too (harmless in
    /// HTML, but a page that copies the text into a script would break on them).
    /// </summary>
    public static string HtmlText(string text) =>
        WebUtility.HtmlEncode(text).Replace("\u2028", "&#x2028;", StringComparison.Ordinal).Replace("\u2029", "&#x2029;", StringComparison.Ordinal);

    /// <summary>The HTML fragment: text fallback, plot container and loader script.</summary>
    public static string Render(string figureJson, string fallbackText, int heightPx)
    {
        // Unique per fragment: a page (a notebook) holds many charts, and re-running a cell adds another.
        var id = $"concurrency-lab-chart-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..48];
        var html = new StringBuilder(figureJson.Length + fallbackText.Length + 3_000);
        html.Append("<div class=\"concurrency-lab-chart\" id=\"").Append(id).Append("\">")
            .Append("<div class=\"cl-plot\" style=\"width:100%\"></div>")
            .Append("<pre class=\"cl-text\" style=\"font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;line-height:1.15;margin:0;white-space:pre;overflow-x:auto\">")
            .Append(HtmlText(fallbackText))
            .Append("</pre><div class=\"cl-hint\" style=\"display:none;font-size:smaller;opacity:0.7\"></div></div>\n")
            .Append("<script type=\"text/javascript\">\n(function () {\n")
            .Append("var fig = ").Append(figureJson).Append(";\n")
            .Append("var root = document.getElementById('").Append(id).Append("');\n")
            .Append("var height = ").Append(heightPx).Append(";\n")
            .Append(LoaderScript)
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    // Why each step:
    // - window.Plotly already present (the runner's report embeds plotly.js in the page head): use it, load nothing.
    // - One global promise: many charts on one page load plotly.js once.
    // - Classic Jupyter has require.js: an AMD `define` makes plotly.js register as a module and never set
    //   window.Plotly, so when `requirejs` is there we load it through require under our own module name; when only
    //   a bare `define` is there (another AMD loader), we hide it while plotly.js runs, then put it back.
    // - window.concurrencyLabPlotlyUrl may name another copy (offline mirror, tests); default: the CDN.
    // - On failure the text chart stays and a one-line hint says why, instead of a blank box.
    // - Gantt traces carry [name, thread, duration] per bar; start and end for the hover are added here from the
    //   bar positions so the figure JSON stays small.
    private static readonly string LoaderScript = """
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
          var url = w.concurrencyLabPlotlyUrl || '
        """ + PlotlyJs.CdnUrl + """
        ';
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

        """;
}
