using System.Diagnostics;

namespace ConcurrencyLab.TestSupport;

/// <summary>
/// Debian's chromium, headless, for the browser tests of every test project (linked into each, not a project
/// of its own): loads a local page, lets its scripts run for a virtual-time budget, and returns the DOM they
/// left (<c>--dump-dom</c>). No driver, no download, no network: the flags keep chromium off the network.
/// </summary>
internal static class HeadlessChromium
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
}
