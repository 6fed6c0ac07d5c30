namespace NotebookRunner.Report;

/// <summary>
/// Plotly.NET.Interactive draws a chart with <c>requirejs.config({paths: {plotly: 'https://cdn.plot.ly/...'}})(['plotly'], draw)</c>,
/// loading require.js and plotly.js from CDNs unless <c>requirejs</c> already exists. A report already carries
/// plotly.js, so this tiny loader, defined after it, answers 'plotly' with that copy: the chart draws with no
/// network. Any other module is reported as not available offline (to the caller's error callback or the console).
/// </summary>
internal static class OfflineRequire
{
    public const string Script = """
        (function () {
          if (typeof window.requirejs === 'function' && typeof window.requirejs.config === 'function') return;
          function resolve(name) {
            if (/(^|\/)plotly([.-][\w.]*)?(\.min)?$/.test(String(name)) && window.Plotly) return window.Plotly;
            throw new Error('module "' + name + '" is not available in this offline report');
          }
          function load(deps, callback, errback) {
            if (typeof deps === 'string') return resolve(deps);
            var values;
            try { values = deps.map(resolve); }
            catch (error) { if (errback) errback(error); else console.warn(error.message); return undefined; }
            if (callback) callback.apply(null, values);
            return undefined;
          }
          load.config = function () { return load; };
          window.requirejs = window.require = load;
        })();
        """;
}
