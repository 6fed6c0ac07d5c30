using System.Text.Json;
using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>Timeline.FromJson: the exchange shape the Python helpers write, and clear errors for anything else.</summary>
public sealed class TimelineJsonTests
{
    private const string TwoSpans = """
        {"format": "concurrency-lab/timeline", "version": 1, "title": "asyncio",
         "spans": [{"name": "fetch", "lane": "task 1", "start": 0.5, "end": 1.25, "kind": "Waiting", "thread": 42},
                   {"name": "parse", "lane": "MainThread", "start": 0, "end": 0.25, "kind": "Cpu"}]}
        """;

    [Fact]
    public void Reads_every_field_and_orders_spans_by_start()
    {
        var timeline = Timeline.FromJson(TwoSpans);
        Assert.Equal("asyncio", timeline.Title);
        Assert.Equal(
            [
                new Span("parse", "MainThread", TimeSpan.Zero, TimeSpan.FromSeconds(0.25), SpanKind.Cpu, 0),
                new Span("fetch", "task 1", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.25), SpanKind.Waiting, 42),
            ],
            timeline.Spans);
        Assert.Equal(TimeSpan.FromSeconds(1.25), timeline.Makespan);
    }

    [Fact]
    public void Only_spans_are_required_and_unknown_properties_are_ignored()
    {
        var timeline = Timeline.FromJson("""{"spans": [{"name": "a", "lane": "b", "start": 1, "end": 1, "kind": "Blocked", "process": 7}], "extra": true}""");
        Assert.Null(timeline.Title);
        Assert.Equal(SpanKind.Blocked, Assert.Single(timeline.Spans).Kind);
        Assert.Empty(Timeline.FromJson("""{"spans": []}""").Spans);
    }

    [Fact]
    public void An_imported_run_and_a_CSharp_run_share_one_chart()
    {
        var python = Timeline.FromJson(TwoSpans);
        var csharp = new Timeline("C#");
        csharp.Add("fetch", "task 1", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), SpanKind.Waiting);

        var oneAxis = GanttChart.Compare("asyncio vs C#", python, csharp);
        Assert.Equal(["asyncio · MainThread", "asyncio · task 1", "C# · task 1"], oneAxis.Lanes);

        var axis = new[] { python.Makespan, csharp.Makespan }.Max();
        var left = python.ToGantt(axisMax: axis);
        var right = csharp.ToGantt(axisMax: axis);
        Assert.Equal(left.AxisEnd, right.AxisEnd); // side by side on the same scale
        Assert.Contains("fetch", left.ToHtml(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not json", "not valid JSON" },
        { "[]", "must be an object with a \"spans\" array, not an array" },
        { """{"title": "x"}""", "has no \"spans\" array" },
        { """{"spans": {}}""", "\"spans\" must be an array, not an object" },
        { """{"spans": [3]}""", "span 0 must be an object" },
        { """{"spans": [{"lane": "l", "start": 0, "end": 1, "kind": "Cpu"}]}""", "span 0 has no \"name\"" },
        { """{"spans": [{"name": " ", "lane": "l", "start": 0, "end": 1, "kind": "Cpu"}]}""", "\"name\" is empty" },
        { """{"spans": [{"name": "n", "lane": 5, "start": 0, "end": 1, "kind": "Cpu"}]}""", "span 0 ('n'): \"lane\" must be a string" },
        { """{"spans": [{"name": "n", "lane": "l", "end": 1, "kind": "Cpu"}]}""", "span 0 ('n') has no \"start\"" },
        { """{"spans": [{"name": "n", "lane": "l", "start": "0", "end": 1, "kind": "Cpu"}]}""", "\"start\" must be a number of seconds, not the string \"0\"" },
        { """{"spans": [{"name": "n", "lane": "l", "start": 0, "end": 1}]}""", "has no \"kind\" (Cpu, Blocked or Waiting)" },
        { """{"spans": [{"name": "n", "lane": "l", "start": 0, "end": 1, "kind": "cpu"}]}""", "unknown kind \"cpu\"; use \"Cpu\", \"Blocked\" or \"Waiting\"" },
        { """{"spans": [{"name": "n", "lane": "l", "start": 0, "end": 1, "kind": 0}]}""", "unknown kind 0" },
        { """{"spans": [{"name": "ok", "lane": "l", "start": 0, "end": 1, "kind": "Cpu"}, {"name": "n", "lane": "l", "start": 2, "end": 1.5, "kind": "Cpu"}]}""", "span 1 ('n') ends (1500 ms) before it starts (2000 ms): a negative duration" },
        { """{"spans": [{"name": "n", "lane": "l", "start": -0.5, "end": 1, "kind": "Cpu"}]}""", "starts at -500 ms, before the recording's origin" },
        { """{"spans": [{"name": "n", "lane": "l", "start": 0, "end": 1e300, "kind": "Cpu"}]}""", "far beyond any recording" },
        { """{"spans": [{"name": "n", "lane": "l", "start": 0, "end": 1, "kind": "Cpu", "thread": 1.5}]}""", "\"thread\" must be a whole number" },
        { """{"format": "concurrency-lab/ticks", "ticks": []}""", "this is a tick log" },
        { """{"format": "chrome-trace", "spans": []}""", "\"format\" is \"chrome-trace\"" },
        { """{"version": 2, "spans": []}""", "\"version\" is 2; this library reads version 1" },
        { """{"title": 7, "spans": []}""", "\"title\" must be a string or null" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_is_refused_with_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => Timeline.FromJson(json));
        Assert.StartsWith("Timeline JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => Timeline.FromJson(null!));
    }

    [SkippableFact]
    public void Reads_what_the_Python_recorder_writes_for_tasks_threads_and_processes()
    {
        var python = PythonProcess.Require();
        var script = """
            import asyncio, concurrent.futures, sys
            from concurrency_lab import Timeline, SpanKind
            def square(x): return x * x
            async def main(t):
                async def fetch(): await t.wait("sleep", 0.01)
                await asyncio.gather(asyncio.create_task(fetch(), name="fetch a"), asyncio.create_task(fetch(), name="fetch b"))
                await asyncio.to_thread(t.block, "time.sleep", 0.01, None)
            if __name__ == "__main__":
                t = Timeline("asyncio, threads, processes")
                asyncio.run(main(t))
                with concurrent.futures.ProcessPoolExecutor(1) as pool:
                    t.submit(pool, square, 3, name="square").result()
                sys.stdout.write(t.to_json())
            """;
        var file = Path.Combine(Path.GetTempPath(), $"lab-timeline-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        try
        {
            var (exit, stdout, stderr) = PythonProcess.Run(python, PythonProcess.HelpersDir, TimeSpan.FromMinutes(1), file);
            Assert.True(exit == 0, stderr);
            var timeline = Timeline.FromJson(stdout);
            Assert.Equal("asyncio, threads, processes", timeline.Title);
            var byName = timeline.Spans.ToLookup(s => s.Name);
            Assert.Equal(["fetch a", "fetch b"], byName["sleep"].Select(s => s.Lane).Order());
            Assert.All(byName["sleep"], s => Assert.Equal(SpanKind.Waiting, s.Kind));
            Assert.Equal(SpanKind.Blocked, byName["time.sleep"].Single().Kind);
            Assert.StartsWith("asyncio_", byName["time.sleep"].Single().Lane, StringComparison.Ordinal); // the default executor's thread
            Assert.StartsWith("process ", byName["square"].Single().Lane, StringComparison.Ordinal);
            Assert.All(timeline.Spans, s => Assert.True(s.Duration >= TimeSpan.Zero));
            using var document = JsonDocument.Parse(stdout);
            Assert.Equal(Timeline.JsonFormat, document.RootElement.GetProperty("format").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
