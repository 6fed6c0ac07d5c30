using System.Diagnostics;
using System.Text.RegularExpressions;
using ConcurrencyLab;
using Microsoft.DotNet.Interactive.Events;
using Xunit.Abstractions;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// Connects the real Python (the python3 kernel spec, through the genuine <c>#!connect jupyter</c>) N times in a row,
/// runs one Python cell in each, and writes one line per connect and a summary; each connect through kernel_launch.py
/// must connect at its first attempt and its cell must answer. In the test run N is 2; as a measurement, set
/// LAB_CONNECT_RUNS=N (and LAB_CONNECT_REPORT=file to keep the lines):
/// <c>LAB_CONNECT_RUNS=100 dotnet test tests/ConcurrencyLab.Kernel.Tests --filter "FullyQualifiedName~PythonConnectMeasurement"</c>.
/// With LAB_CONNECT_COMPARE=1 every second connect starts the plain spec (a copy of helpers/python without
/// kernel_launch.py), so both ways are timed under the same load, and each is summarised apart.
/// </summary>
[Collection(nameof(PythonKernelTests))]
public sealed class PythonConnectMeasurement(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Connects_in_a_row()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("LAB_CONNECT_RUNS"), out var n) && n > 0 ? n : 2;
        var tool = GenuineJupyter.RequireToolAndPython();
        var report = Environment.GetEnvironmentVariable("LAB_CONNECT_REPORT");
        var helpers = PythonKernel.FindHelpersPython() ?? GenuineJupyter.HelpersPython();
        var attemptSeconds = int.TryParse(Environment.GetEnvironmentVariable("LAB_CONNECT_ATTEMPT_SECONDS"), out var s) ? s : 30;
        var options = new PythonKernelOptions("python", "python3", helpers, TimeSpan.FromSeconds(attemptSeconds));
        using var plainCopy = new Scratch();
        PythonKernelOptions? plain = null;
        if (Environment.GetEnvironmentVariable("LAB_CONNECT_COMPARE") == "1" && helpers is not null)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(helpers, "concurrency_lab"), "*.py"))
                if (Path.GetFileName(file) != "kernel_launch.py")
                    File.Copy(file, Path.Combine(plainCopy.Dir("python", "concurrency_lab"), Path.GetFileName(file)));
            plain = options with { HelpersPythonDirectory = plainCopy.Dir("python") };
        }

        var tallies = new Dictionary<string, Tally> { ["kernel_launch"] = new(), ["plain"] = new() };
        void Write(string line)
        {
            output.WriteLine(line);
            if (report is not null) File.AppendAllText(report, line + "\n");
        }
        Write($"# {DateTime.UtcNow:O} runs={runs} load={File.ReadAllText("/proc/loadavg").Trim()}");
        for (var run = 1; run <= runs; run++)
        {
            var way = plain is not null && run % 2 == 0 ? "plain" : "kernel_launch";
            var tally = tallies[way];
            using var notebook = new Notebook(way == "plain" ? plain! : options);
            GenuineJupyter.AddConnectDirective(notebook.Root, tool);
            var clock = Stopwatch.StartNew();
            await notebook.ConnectAsync().WaitAsync(TimeSpan.FromMinutes(5));
            var seconds = clock.Elapsed.TotalSeconds;
            var status = notebook.Status!;
            var attempt = Regex.Match(status.Message, @"Connected at attempt (\d)") is { Success: true } m ? int.Parse(m.Groups[1].Value) : status.IsConnected ? 1 : 0;
            var answer = "";
            tally.Runs++;
            if (status.IsConnected)
            {
                tally.Connected++;
                if (attempt == 1) tally.FirstAttempt++;
                tally.Times.Add(seconds);
                var cell = await notebook.SubmitAsync("print(6 * 7)", "python").WaitAsync(TimeSpan.FromSeconds(60));
                answer = string.Concat(cell.Events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(v => v.Value)).Trim();
                if (answer == "42") tally.CellsAnswered++;
            }
            Write($"{run}\t{way}\t{seconds:0.00}s\tconnected={status.IsConnected}\tattempt={attempt}\tcell={answer}\tload={File.ReadAllText("/proc/loadavg").Split(' ')[0]}\t{(status.IsConnected && attempt == 1 ? "" : status.Message)}");
        }
        foreach (var (way, tally) in tallies.Where(t => t.Value.Runs > 0))
        {
            tally.Times.Sort();
            var median = tally.Times.Count == 0 ? double.NaN : tally.Times[tally.Times.Count / 2];
            var max = tally.Times.Count == 0 ? double.NaN : tally.Times[^1];
            Write($"# {way}: connected {tally.Connected}/{tally.Runs}, at the first attempt {tally.FirstAttempt}, Python cell answered {tally.CellsAnswered}; connect median {median:0.0} s, max {max:0.0} s; load={File.ReadAllText("/proc/loadavg").Trim()}");
        }
        Assert.Equal(runs, tallies.Values.Sum(t => t.Connected));
        var launched = tallies["kernel_launch"];
        Assert.True(launched.FirstAttempt == launched.Runs && launched.CellsAnswered == launched.Runs,
            $"through kernel_launch.py: {launched.FirstAttempt} of {launched.Runs} connected at the first attempt, {launched.CellsAnswered} cells answered");
    }

    private sealed class Tally
    {
        public int Runs, Connected, FirstAttempt, CellsAnswered;
        public List<double> Times { get; } = [];
    }
}
