using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.TestSupport;

/// <summary>
/// Debian's chromium, headless, for the browser tests of every test project (linked into each, not a project
/// of its own): loads a local page, lets its scripts run for a virtual-time budget, and returns the DOM they
/// left (<c>--dump-dom</c>). No driver, no download, no network: the flags keep chromium off the network.
/// </summary>
internal static partial class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static bool Available => File.Exists(Executable);

    /// <summary>Loads <paramref name="pageFile"/> and returns the DOM after its scripts ran (fails the test if chromium prints none).</summary>
    public static string DumpDom(string pageFile, int virtualTimeBudgetMs = 10_000)
    {
        // A new, empty profile each time: no state leaks between tests, and parallel runs never share a lock.
        var profile = Directory.CreateTempSubdirectory("concurrency-lab-chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--allow-file-access-from-files", $"--user-data-dir={profile.FullName}",
                         // Every host name fails to resolve: a page that reaches for a CDN fails at once, as offline.
                         "--host-resolver-rules=MAP * ~NOTFOUND",
                         $"--virtual-time-budget={virtualTimeBudgetMs}", "--dump-dom", new Uri(pageFile).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish loading {pageFile} within 90 s.");
            }
            process.WaitForExit();
            var dom = stdout.Result;
            Assert.True(dom.Length > 0, $"chromium printed no DOM for {pageFile} (exit code {process.ExitCode}): {stderr.Result}");
            return dom;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { /* chromium may still hold a lock file */ }
        }
    }

    /// <summary>Injected at the top of the head: every uncaught error, rejected promise or console.error is
    /// recorded on the root element, so it shows in the dumped DOM.</summary>
    private const string ErrorCollector = """
        <script>
        (function () {
          var errors = [];
          function note(message) { errors.push(String(message)); document.documentElement.setAttribute('data-page-errors', JSON.stringify(errors)); }
          window.addEventListener('error', function (e) { note(e.message || e.type); });
          window.addEventListener('unhandledrejection', function (e) { note('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)); });
          var original = console.error;
          console.error = function () { note(Array.prototype.join.call(arguments, ' ')); return original.apply(console, arguments); };
        })();
        </script>
        """;

    /// <summary>
    /// Loads a copy of <paramref name="htmlFile"/> with an error collector injected first and returns the DOM
    /// after its scripts ran, with every script error or console.error the page raised.
    /// </summary>
    public static (string Dom, IReadOnlyList<string> Errors) LoadCollectingErrors(string htmlFile)
    {
        var html = File.ReadAllText(htmlFile);
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        Assert.True(head >= 0, $"{htmlFile} has no <head>");
        // The copy sits beside the original so relative links and resources resolve the same way.
        var copy = Path.Combine(Path.GetDirectoryName(htmlFile)!, $".check-{Guid.NewGuid():N}.html");
        File.WriteAllText(copy, html.Insert(head + "<head>".Length, ErrorCollector));
        try
        {
            var dom = DumpDom(copy);
            var errors = ErrorsAttribute().Match(dom) is { Success: true } m
                ? System.Text.Json.JsonSerializer.Deserialize<string[]>(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))!
                : [];
            return (dom, errors);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>
    /// <see cref="LoadCollectingErrors"/> for several pages, two chromiums at a time (each page still gets a browser of
    /// its own); keyed by the file path as given. A page whose load failed the test is reported by that exception.
    /// </summary>
    public static IReadOnlyDictionary<string, (string Dom, IReadOnlyList<string> Errors)> LoadAllCollectingErrors(IEnumerable<string> htmlFiles)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(htmlFiles.Distinct());
        var loaded = new System.Collections.Concurrent.ConcurrentDictionary<string, (string, IReadOnlyList<string>)>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        void LoadQueued()
        {
            while (queue.TryDequeue(out var file))
            {
                try { loaded[file] = LoadCollectingErrors(file); }
                catch (Exception e) { failures.Add(e); }
            }
        }
        // Threads of their own, not the pool's: each blocks on its chromium while the pool reads the output.
        var workers = Enumerable.Range(0, 2).Select(_ => new Thread(LoadQueued) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        if (!failures.IsEmpty) throw new AggregateException(failures);
        return loaded;
    }

    /// <summary>How many bars plotly.js drew: <c>path</c> elements of <c>.point</c> groups inside <c>.bars</c> traces.</summary>
    public static int CountBarPoints(string dom)
    {
        var count = 0;
        foreach (Match trace in Regex.Matches(dom, "<g class=\"trace bars\".*?</g></g>", RegexOptions.Singleline))
            count += Regex.Matches(trace.Value, "<g class=\"point\"><path ").Count;
        return count;
    }

    [GeneratedRegex("data-page-errors=\"([^\"]*)\"")]
    private static partial Regex ErrorsAttribute();
}
