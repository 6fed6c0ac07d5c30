using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// Draws a <see cref="GanttChart"/> as fixed-width text: one row per lane, one character per time slot, an
/// axis with round tick labels, and a legend. Used for terminals, plain-text outputs, the HTML fallback and tests.
/// </summary>
internal static class GanttText
{
    private const int MaxLaneLabel = 30;
    private const int TickEvery = 10;

    public static string Render(GanttChart chart, int width)
    {
        if (width < 10 || width > 1_000)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The text chart needs between 10 and 1000 characters of width (one per time slot); 100 is a good default.");
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(chart.Title)) text.Append(chart.Title).Append('\n');
        if (chart.IsEmpty)
            return text.Append('(').Append(GanttChart.EmptyMessage).Append(")\n").ToString();

        // An automatic axis ends at a round number so the tick labels are round too.
        var axisEnd = chart.FixedAxis ? chart.AxisEnd : TimeAxis.NiceCeiling(chart.AxisEnd);
        var axis = TimeAxis.For(axisEnd);
        var labels = chart.Lanes.Select(Truncate).ToArray();
        var labelWidth = labels.Max(l => l.Length);

        var rows = Rows(chart, axisEnd, width);
        for (var lane = 0; lane < chart.Lanes.Count; lane++)
            text.Append(labels[lane].PadRight(labelWidth)).Append(" |").Append(rows[lane]).Append("|\n");

        // Axis: the '|' edges are the axis ends; an inner boundary k (between slots k-1 and k) is drawn on slot k.
        // Ticks every TickEvery slots and at the end, labelled where a label fits.
        var ticks = Enumerable.Range(0, width + 1).Where(k => k % TickEvery == 0 || k == width).ToArray();
        static int Column(int boundary) => boundary == 0 ? 0 : boundary + 1;
        var axisLine = new char[width + 2];
        Array.Fill(axisLine, '-');
        foreach (var k in ticks) axisLine[Column(k)] = '+';
        text.Append(' ', labelWidth + 1).Append(axisLine).Append('\n');

        var tickLabels = new StringBuilder();
        foreach (var k in ticks)
        {
            var label = axis.Format(TimeSpan.FromTicks((long)((Int128)axisEnd.Ticks * k / width)));
            var col = Column(k);
            if (tickLabels.Length > 0 && col <= tickLabels.Length) continue; // would touch the previous label
            tickLabels.Append(' ', col - tickLabels.Length).Append(label);
        }
        text.Append(' ', labelWidth + 1).Append(tickLabels).Append(' ').Append(axis.Unit).Append('\n');

        var slot = TimeSpan.FromTicks(axisEnd.Ticks / width);
        text.Append(KindStyle.Legend).Append("   (one character = ").Append(axis.FormatWithUnit(slot)).Append(")\n");
        return text.ToString();
    }

    /// <summary>One row per lane: a slot shows the kind of highest rank in it (cpu over blocked over waiting).</summary>
    private static string[] Rows(GanttChart chart, TimeSpan axisEnd, int width)
    {
        var laneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var lane in chart.Lanes) laneIndex[lane] = laneIndex.Count;
        var rank = new int[chart.Lanes.Count, width]; // 0 empty, else the kind's rank (KindStyle.Rank)
        var total = axisEnd.Ticks;
        foreach (var bar in chart.Bars)
        {
            var row = laneIndex[bar.Lane];
            var first = (int)Math.Min(width - 1, (long)((Int128)bar.Start.Ticks * width / total));
            var last = (int)Math.Min(width - 1, (long)(((Int128)bar.End.Ticks * width + total - 1) / total) - 1);
            if (last < first) last = first; // an instant still takes one character
            var r = KindStyle.Of(bar.Kind).Rank;
            for (var i = first; i <= last; i++)
                if (rank[row, i] < r) rank[row, i] = r;
        }
        var rows = new string[chart.Lanes.Count];
        var cellOfRank = new char[KindStyle.All.Max(k => k.Rank) + 1];
        Array.Fill(cellOfRank, ' ');
        foreach (var k in KindStyle.All) cellOfRank[k.Rank] = k.TextCell;
        var cells = new char[width];
        for (var row = 0; row < rows.Length; row++)
        {
            for (var i = 0; i < width; i++)
                cells[i] = cellOfRank[rank[row, i]];
            rows[row] = new string(cells);
        }
        return rows;
    }

    private static string Truncate(string lane) =>
        lane.Length <= MaxLaneLabel ? lane : lane[..(MaxLaneLabel - 1)] + "…";
}
