using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyLab.Tests;

/// <summary>A player displays inline through .NET Interactive's Formatter, as the charts do: HTML preferred, text too.</summary>
public sealed class EventLoopPlayerFormatterTests
{
    // As in a kernel: the Formatting assembly is loaded, then the helpers' one chart formatter set up.
    public EventLoopPlayerFormatterTests()
    {
        _ = typeof(Formatter).Assembly;
        Lab.Setup();
    }

    private static string WithoutIds(string html) => Regex.Replace(html, "concurrency-lab-player-[0-9a-f-]+", "ID");

    [Fact]
    public void Html_display_is_the_player()
    {
        var player = EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer();
        var shown = player.ToDisplayString("text/html");
        Assert.Equal(WithoutIds(player.ToHtml()), WithoutIds(shown));
        Assert.Contains("class=\"concurrency-lab-player\"", shown);
        Assert.Contains("text/html", Formatter.GetPreferredMimeTypesFor(typeof(LoopPlayer)));
    }

    [Fact]
    public void Plain_text_display_is_the_text_player()
    {
        var player = EventLoopPlayerDataTests.Puzzle().ToPlayer();
        Assert.Equal(player.ToText(), player.ToDisplayString("text/plain"));
    }

    [Fact]
    public void A_side_by_side_player_displays_inline_as_both_players_in_one_fragment()
    {
        var pair = LoopPlayer.SideBySide(EventLoopPlayerDataTests.SayAfterWithTasks().ToPlayer(), LoopPlayer.FromRecording(LoopPlayerRecordingTests.CPythonSayAfter()));
        var shown = pair.ToDisplayString("text/html");
        Assert.Equal(WithoutIds(pair.ToHtml()), WithoutIds(shown));
        Assert.Contains("class=\"concurrency-lab-player clp-pair\"", shown);
        Assert.Equal(2, Regex.Matches(shown, "<script type=\"application/json\" class=\"clp-data\">").Count);
        Assert.Equal(pair.ToText(), pair.ToDisplayString("text/plain"));
    }
}
