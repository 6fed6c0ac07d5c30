using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Two players side by side in a real browser: one slider drives both, the first difference is marked on the slider
/// and in both sides with both queues shown, a side with no tick at a step says so, asyncio's bookkeeping is labelled,
/// a CPython recording shows the line each task waits at, and hostile recorded text shows as typed.
/// </summary>
public sealed partial class EventLoopPlayerBrowserTests
{
    /// <summary>The say_after run on both loops, CPython's printing "HELLO" at tick 4: the first difference.</summary>
    private static LoopPlayer SayAfterPair() => LoopPlayer.SideBySide(
        EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer("C# EventLoop"),
        LoopPlayer.FromRecording(LoopPlayerRecordingTests.Changed(r => r["ticks"]![3]!["queue"]![0]!["printed"] = new JsonArray("HELLO"))));

    private static string Attribute(string dom, string element, string name) =>
        Regex.Match(dom, $"<{element}[^>]*\\b{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>Each side's tick (data-tick of its section, "" where it has no tick) in page order.</summary>
    private static string[] SideTicks(string dom) =>
        Regex.Matches(dom, "<section class=\"clp-side clp-side-(?:left|right)[^\"]*\"([^>]*)>")
            .Select(m => Regex.Match(m.Groups[1].Value, "data-tick=\"(\\d+)\"") is { Success: true } t ? t.Groups[1].Value : "").ToArray();

    [SkippableFact]
    public void One_slider_steps_both_loops_and_the_first_difference_is_marked_in_both()
    {
        Chromium.RequireOrSkip();
        var pair = SayAfterPair();
        Assert.Equal(4, pair.FirstDifferingTick);
        var html = pair.ToHtml();
        var dom = Chromium.DumpDom(Page(html + html + html + Driver("""
            click(players[0], 'diff');
            press(players[1], 'End');
            press(players[2], 'ArrowRight');
            """)));

        Assert.Equal(3, Regex.Matches(dom, "data-ready=\"true\"").Count);
        Assert.Equal(["4", "4", "", "9", "2", "2"], SideTicks(dom));
        Assert.Equal("37.5%", Regex.Match(dom, "class=\"clp-marker\"[^>]*style=\"left: ([^;\"]+)").Groups[1].Value); // step 4 of 9
        Assert.Contains("The loops first differ at step 4 of 9 (marked on the slider).", dom);

        // At the first difference: both sides flagged, both queues shown, the difference named in both.
        var first = dom[..dom.IndexOf("</section></div></div></div>", StringComparison.Ordinal)];
        Assert.Equal(2, Regex.Matches(first, "<section class=\"clp-side clp-side-(left|right) clp-differs\"").Count);
        Assert.Equal(2, Regex.Matches(first, "<div class=\"clp-diff-first\">First difference between the loops</div>").Count);
        Assert.Equal(2, Regex.Matches(first, Regex.Escape(WebUtility.HtmlEncode("printed: C# prints [\"hello\"]; CPython prints [\"HELLO\"]").Replace("&quot;", "\""))).Count);
        Assert.Equal(["step say_after(1, hello)"], Shown(dom, "clp-queue", 0));
        Assert.Equal(["step say_after(1, hello)"], Shown(dom, "clp-queue", 1));

        // The last step: only CPython runs asyncio's bookkeeping; the C# side has no tick there.
        var noTick = Regex.Matches(dom, "<ol class=\"clp-list clp-queue\">(.*?)</ol>", RegexOptions.Singleline)[2].Groups[1].Value;
        Assert.Equal("<li class=\"clp-empty\">(no tick here)</li>", noTick);
        Assert.Equal(["_run_until_complete_cb"], Shown(dom, "clp-queue", 3));
        Assert.Contains("<li class=\"clp-item clp-bookkeeping\"><span class=\"clp-label\">_run_until_complete_cb</span><span class=\"clp-badge\">queued on the loop</span><span class=\"clp-badge clp-bk\">asyncio's bookkeeping</span>", dom);
        Assert.Contains("CPython tick 9 runs only _run_until_complete_cb; C# has no such tick — explained by asyncio's bookkeeping", dom);

        // Tick 2 on CPython: the line each task waits at; the C# side shows none.
        var third = dom[dom.LastIndexOf("class=\"clp-side clp-side-left", StringComparison.Ordinal)..];
        Assert.Contains("<div class=\"clp-sub clp-code\">line 10: await task1</div>", third);
        Assert.Equal(3, Regex.Matches(third, "class=\"clp-sub clp-code\"").Count);
        Assert.Equal("2", Attribute(dom[dom.LastIndexOf("<div class=\"concurrency-lab-player clp-pair\"", StringComparison.Ordinal)..], "div", "data-tick"));
    }

    [SkippableFact]
    public void A_recording_s_hostile_text_shows_as_typed_alone_and_side_by_side()
    {
        Chromium.RequireOrSkip();
        const string printed = "</script><script>document.body.setAttribute('data-pwned','print')</script>";
        const string code = "<img src=x onerror=\"document.body.setAttribute('data-pwned','code')\">";
        var recording = LoopPlayer.FromRecording(LoopPlayerRecordingTests.Changed(r =>
        {
            r["ticks"]![0]!["queue"]![0]!["printed"] = new JsonArray(printed);
            r["ticks"]![0]!["taskStates"]![0]!["code"] = code;
        }));
        var body = recording.ToHtml() + LoopPlayer.SideBySide(EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer(), recording).ToHtml();
        var dom = Chromium.DumpDom(Page(body + Driver("")));

        Assert.DoesNotContain("data-pwned=", dom);
        Assert.DoesNotContain("<img", dom);
        static string AsText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        Assert.Equal(2, Regex.Matches(dom, Regex.Escape("tick 1: " + AsText(printed) + "</pre>")).Count);
        Assert.Equal(2, Regex.Matches(dom, Regex.Escape("<div class=\"clp-sub clp-code\">line 10: " + AsText(code) + "</div>")).Count);
    }
}
