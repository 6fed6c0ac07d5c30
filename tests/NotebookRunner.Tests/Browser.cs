using ConcurrencyLab.TestSupport;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// Headless Chromium (Debian's /usr/bin/chromium) to check that pages render offline: loads a copy of the page
/// with an error collector injected first, and returns the DOM after scripts ran.
/// </summary>
internal static partial class Browser
{
    public static bool Available => HeadlessChromium.Available;

    /// <summary>Injected at the top of the head: every uncaught error, rejected promise or console.error is
    /// recorded on the root element, so it shows in the dumped DOM.</summary>
    private const string Collector = """
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

    /// <summary>The page's DOM after load (virtual time lets chart scripts finish) and the errors it raised.</summary>
    public static (string Dom, IReadOnlyList<string> Errors) Load(string htmlFile)
    {
        var html = File.ReadAllText(htmlFile);
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        Assert.True(head >= 0, $"{htmlFile} has no <head>");
        // The copy sits beside the original so relative links and resources resolve the same way.
        var copy = Path.Combine(Path.GetDirectoryName(htmlFile)!, $".check-{Guid.NewGuid():N}.html");
        File.WriteAllText(copy, html.Insert(head + "<head>".Length, Collector));
        try
        {
            var dom = HeadlessChromium.DumpDom(copy);
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

    [GeneratedRegex("data-page-errors=\"([^\"]*)\"")]
    private static partial Regex ErrorsAttribute();
}
