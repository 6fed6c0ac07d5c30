using ConcurrencyLab.TestSupport;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Headless Debian chromium for the browser tests: opens a local page, lets it run for a virtual-time budget,
/// and returns the DOM as the page's scripts left it (<c>--dump-dom</c>). Light: no driver, no download.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = HeadlessChromium.Executable;

    /// <summary>
    /// Skips the test (counted as skipped) where chromium is absent; fails instead when CI is set, because there
    /// the browser must be installed and a silent skip would hide a broken chart.
    /// </summary>
    public static void RequireOrSkip()
    {
        if (File.Exists(ExecutablePath)) return;
        var message = $"{ExecutablePath} is not installed: the browser test needs Debian's chromium (apt-get install -y chromium).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Assert.Fail(message + " CI is set, so this is a failure, not a skip.");
        Skip.If(true, message);
    }

    /// <summary>Writes <paramref name="html"/> to a temp page, loads it headless and returns the dumped DOM.</summary>
    public static string DumpDom(string html, int virtualTimeBudgetMs = 10_000)
    {
        var folder = Directory.CreateTempSubdirectory("concurrency-lab-browser-");
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            File.WriteAllText(page, html);
            var dom = HeadlessChromium.DumpDom(page, virtualTimeBudgetMs);
            // For looking at what the browser drew: CONCURRENCY_LAB_KEEP_DOM=/some/folder keeps each page and its DOM.
            if (Environment.GetEnvironmentVariable("CONCURRENCY_LAB_KEEP_DOM") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                var name = $"{DateTime.UtcNow:HHmmssfff}-{Guid.NewGuid():N}"[..16];
                File.WriteAllText(Path.Combine(keep, name + ".page.html"), html);
                File.WriteAllText(Path.Combine(keep, name + ".dom.html"), dom);
            }
            return dom;
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <inheritdoc cref="HeadlessChromium.CountBarPoints(string)"/>
    public static int CountBarPoints(string dom) => HeadlessChromium.CountBarPoints(dom);
}
