namespace ConcurrencyLab.Tests;

public sealed class GanttTextTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static Timeline LunchRush()
    {
        var t = new Timeline("Lunch rush");
        t.Add("order", "cashier", Ms(0), Ms(10), SpanKind.Cpu);
        t.Add("fry", "cook", Ms(10), Ms(40), SpanKind.Blocked);
        t.Add("wait for fries", "cashier", Ms(10), Ms(30), SpanKind.Waiting);
        t.Add("serve", "cashier", Ms(40), Ms(50), SpanKind.Cpu);
        t.Add("ding", "cook", Ms(45), Ms(45), SpanKind.Cpu); // an instant still shows
        return t;
    }

    [Fact]
    public void Draws_a_known_timeline_exactly()
    {
        var expected = """
            Lunch rush
            cashier |████░░░░░░░░    ████|
            cook    |    ▒▒▒▒▒▒▒▒▒▒▒▒  █ |
                    +----------+---------+
                    0          25        50 ms
            █ cpu  ▒ blocked  ░ waiting   (one character = 2.5 ms)

            """;

        Assert.Equal(expected.ReplaceLineEndings("\n"), LunchRush().ToGantt().ToText(width: 20));
    }

    [Fact]
    public void Is_deterministic_and_one_character_per_slot()
    {
        var chart = LunchRush().ToGantt();
        var text = chart.ToText();

        Assert.Equal(text, LunchRush().ToGantt().ToText());
        var rows = text.Split('\n').Where(l => l.StartsWith("cashier", StringComparison.Ordinal) || l.StartsWith("cook", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal(100, r[(r.IndexOf('|') + 1)..r.LastIndexOf('|')].Length));
    }

    [Fact]
    public void Cpu_wins_a_slot_shared_with_waiting_in_the_same_lane()
    {
        var t = new Timeline();
        t.Add("wait", "lane", Ms(0), Ms(100), SpanKind.Waiting);
        t.Add("work", "lane", Ms(0), Ms(100), SpanKind.Cpu);

        var row = t.ToGantt().ToText(width: 10).Split('\n')[0];

        Assert.Equal("lane |██████████|", row);
    }

    [Fact]
    public void A_fixed_axis_leaves_room_after_the_last_span()
    {
        var t = new Timeline();
        t.Add("half", "lane", Ms(0), Ms(50), SpanKind.Cpu);

        var text = t.ToGantt(axisMax: Ms(100)).ToText(width: 10);

        Assert.StartsWith("lane |█████     |\n", text);
        Assert.Contains("0          100 ms", text);
    }

    [Fact]
    public void Seconds_and_minutes_are_chosen_for_longer_runs()
    {
        var seconds = new Timeline();
        seconds.Add("long", "lane", TimeSpan.Zero, TimeSpan.FromSeconds(7), SpanKind.Cpu);
        var minutes = new Timeline();
        minutes.Add("longer", "lane", TimeSpan.Zero, TimeSpan.FromMinutes(12), SpanKind.Cpu);

        Assert.Contains(" s\n", seconds.ToGantt().ToText());
        Assert.Contains(" min\n", minutes.ToGantt().ToText());
    }

    [Fact]
    public void An_empty_timeline_says_so()
    {
        Assert.Equal("empty\n(no spans recorded)\n", new Timeline("empty").ToGantt().ToText());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(1001)]
    public void A_width_out_of_range_is_refused_with_a_hint(int width)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LunchRush().ToGantt().ToText(width));
        Assert.Contains("between 10 and 1000", e.Message);
    }

    [Fact]
    public void Long_lane_names_are_shortened_so_rows_stay_aligned()
    {
        var t = new Timeline();
        t.Add("x", new string('L', 80), Ms(0), Ms(10), SpanKind.Cpu);
        t.Add("y", "short", Ms(0), Ms(10), SpanKind.Cpu);

        var rows = t.ToGantt().ToText(width: 10).Split('\n');

        Assert.Equal(rows[0].IndexOf('|'), rows[1].IndexOf('|'));
        Assert.EndsWith("…", rows[0][..rows[0].IndexOf(" |", StringComparison.Ordinal)]);
    }
}
