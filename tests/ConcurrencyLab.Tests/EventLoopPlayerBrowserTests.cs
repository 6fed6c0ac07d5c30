using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConcurrencyLab.TestSupport;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The player in a real browser (headless chromium): keys and buttons step it, the queue shown at tick N is the
/// trace's, several players on one page and one added after load work independently, play runs to the end, and
/// hostile text shows as typed. A page script does the pressing; the dumped DOM shows where each player stands.
/// </summary>
public sealed partial class EventLoopPlayerBrowserTests
{
    private static string Page(string body) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>player</title></head><body>{body}</body></html>";

    /// <summary>After load, runs <paramref name="actions"/> with <c>players</c> = every player root on the page, in page order.</summary>
    private static string Driver(string actions) => $$"""
        <script>
        window.addEventListener('load', function () {
          var players = document.querySelectorAll('.concurrency-lab-player');
          function press(player, key, times) {
            player.focus();
            for (var i = 0; i < (times || 1); i++)
              document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: key, bubbles: true, cancelable: true }));
          }
          function click(player, act) { player.querySelector('[data-act="' + act + '"]').click(); }
          {{actions}}
        });
        </script>
        """;

    /// <summary>Each player root's tick (data-tick) in page order.</summary>
    private static long[] TicksShown(string dom) =>
        RootTag().Matches(dom).Select(m => TickAttribute().Match(m.Value) is { Success: true } t ? long.Parse(t.Groups[1].Value) : -1).ToArray();

    /// <summary>The labels in one list (queue, joined, timers) of the <paramref name="index"/>-th player.</summary>
    private static string[] Shown(string dom, string list, int index = 0)
    {
        var lists = Regex.Matches(dom, $"<(?:ol|ul) class=\"clp-list {list}\">(.*?)</(?:ol|ul)>", RegexOptions.Singleline);
        Assert.True(lists.Count > index, $"no {list} list for player {index}");
        return LabelSpan().Matches(lists[index].Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();
    }

    [SkippableFact]
    public void Arrow_keys_step_to_the_tick_whose_queue_the_trace_recorded()
    {
        Chromium.RequireOrSkip();
        var loop = EventLoopPlayerDataTests.Puzzle();
        var dom = Chromium.DumpDom(Page(loop.ToPlayer("puzzle").ToHtml() + Driver("press(players[0], 'ArrowRight');")));

        Assert.Equal([2L], TicksShown(dom));
        Assert.Equal(["print A", "print C", "step main", "print B (timer)"], Shown(dom, "clp-queue"));
        Assert.Equal(loop.Ticks[1].Queue.Select(c => c.Label), Shown(dom, "clp-queue"));
        Assert.Contains("class=\"clp-item clp-cancelled\"><span class=\"clp-label\">print C", dom);
        Assert.Equal(["in 5 s"], Shown(dom, "clp-timers"));
        Assert.Contains("due at 5.000 s", dom);
        Assert.DoesNotContain("class=\"clp-text\"", dom); // the text version gave way to the player
    }

    [SkippableFact]
    public void A_callback_the_virtual_clock_could_not_time_says_so_in_the_browser_too()
    {
        Chromium.RequireOrSkip();
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(async () =>
        {
            using var gate = new ManualResetEventSlim();
            loop.CallSoon(gate.Set, "open the gate");
            await Task.Run(gate.Wait); // its continuation reaches the loop from a pool thread
            loop.Print("back");
        });
        var ticks = loop.Ticks.ToList();
        var untimed = ticks.FindIndex(t => t.Queue.Any(c => c.Note is not null));
        Assert.True(untimed > 0, "the continuation from Task.Run was not marked");
        var note = ticks[untimed].Queue.Single(c => c.Note is not null).Note!;

        var dom = Chromium.DumpDom(Page(loop.ToPlayer().ToHtml() + Driver($"press(players[0], 'ArrowRight', {untimed});")));

        Assert.Equal([ticks[untimed].Number], TicksShown(dom));
        var shown = Regex.Matches(dom, "<div class=\"clp-sub clp-untimed\">(.*?)</div>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["not timed: it " + note], shown);
    }

    [SkippableFact]
    public void Left_home_and_end_keys_and_the_buttons_move_between_ticks()
    {
        Chromium.RequireOrSkip();
        // The same fragment four times (a copied output): each copy's script sets up its own copy.
        var html = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer().ToHtml();
        var body = html + html + html + html + Driver("""
            press(players[0], 'ArrowRight', 5); press(players[0], 'ArrowLeft', 2);
            press(players[1], 'End'); press(players[1], 'Home'); press(players[1], 'ArrowLeft');
            press(players[2], 'End'); press(players[2], 'ArrowRight', 3);
            click(players[3], 'next'); click(players[3], 'next'); click(players[3], 'last'); click(players[3], 'prev');
            """);
        var dom = Chromium.DumpDom(Page(body));

        Assert.Equal([4L, 1, 8, 7], TicksShown(dom)); // and stepping stops at both ends
        Assert.Equal(["step say_after(1, hello)"], Shown(dom, "clp-queue", 0));
        Assert.Equal(["step main"], Shown(dom, "clp-joined", 0));
        Assert.Equal(["step main"], Shown(dom, "clp-queue", 1));
        Assert.Contains("tick 4 · 4 of 8 · 1.000 s virtual time", dom);
    }

    [SkippableFact]
    public void Players_on_one_page_and_one_added_after_load_step_independently_without_errors()
    {
        Chromium.RequireOrSkip();
        var first = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer("first").ToHtml();
        var second = EventLoopPlayerDataTests.Puzzle().ToPlayer("second").ToHtml();
        var later = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer("added later").ToHtml();
        // As notebook editors add an output: insert the HTML, then run its scripts (innerHTML alone runs none).
        var insert = $$"""
            var holder = document.getElementById('later');
            holder.innerHTML = {{JsonSerializer.Serialize(later)}};
            Array.prototype.forEach.call(holder.querySelectorAll('script'), function (old) {
              if (old.type && old.type !== 'text/javascript') return;
              var fresh = document.createElement('script');
              fresh.text = old.text;
              old.parentNode.replaceChild(fresh, old);
            });
            players = document.querySelectorAll('.concurrency-lab-player');
            press(players[1], 'ArrowRight');
            press(players[2], 'ArrowRight', 2);
            """;
        var folder = Directory.CreateTempSubdirectory("concurrency-lab-player-");
        try
        {
            var page = Path.Combine(folder.FullName, "page.html");
            File.WriteAllText(page, Page(first + second + "<div id=\"later\"></div>" + Driver(insert)));
            var (dom, errors) = HeadlessChromium.LoadCollectingErrors(page);

            Assert.Empty(errors);
            Assert.Equal([1L, 2, 3], TicksShown(dom));
            Assert.Equal(3, Regex.Matches(dom, "data-ready=\"true\"").Count);
            Assert.Equal(["sleep 1 s timer (say_after(1, hello))"], Shown(dom, "clp-queue", 2));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Play_runs_to_the_last_tick_and_stops()
    {
        Chromium.RequireOrSkip();
        // Chromium's virtual time budget lets the play timer run through all eight ticks without waiting for real.
        var html = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer().ToHtml();
        var dom = Chromium.DumpDom(Page(html + Driver("click(players[0], 'play');")), virtualTimeBudgetMs: 20_000);

        Assert.Equal([8L], TicksShown(dom));
        Assert.Contains(">▶ play</button>", dom);
        Assert.Contains("tick 4: hello\ntick 7: world\ntick 8: time: 2.00", dom); // printed so far, under their ticks
    }

    [SkippableFact]
    public void Hostile_task_names_and_printed_text_execute_nothing_and_show_as_typed()
    {
        Chromium.RequireOrSkip();
        const string name = "<img src=x onerror=\"document.body.setAttribute('data-pwned','name')\">";
        const string printed = "</script><script>document.body.setAttribute('data-pwned','print')</script>";
        var loop = EventLoop.Virtual();
        loop.Output = TextWriter.Null;
        loop.Run(async () =>
        {
            await loop.CreateTask(async () => { await loop.Sleep(TimeSpan.Zero); loop.Print(printed); }, name);
        });
        var html = loop.ToPlayer("<b onmouseover=x>title</b>").ToHtml();
        var dom = Chromium.DumpDom(Page(html + Driver("press(players[0], 'End');")));

        Assert.DoesNotContain("data-pwned=", dom);
        Assert.DoesNotContain("<img", dom);
        Assert.DoesNotContain("<b onmouseover", dom);
        // Shown as typed: chromium serialises text with only & < > escaped.
        static string AsText(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        Assert.Contains("tick 3: " + AsText(printed) + "</pre>", dom);
        Assert.Contains("<span class=\"clp-label\">" + AsText(name) + "</span>", dom);
        Assert.Contains("<strong class=\"clp-title\">" + AsText("<b onmouseover=x>title</b>") + "</strong>", dom);
    }

    [GeneratedRegex("<div class=\"concurrency-lab-player\"[^>]*>")]
    private static partial Regex RootTag();

    [GeneratedRegex("data-tick=\"(\\d+)\"")]
    private static partial Regex TickAttribute();

    [GeneratedRegex("<span class=\"clp-label\">(.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex LabelSpan();
}
