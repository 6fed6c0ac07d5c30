using System.Diagnostics;
using ConcurrencyLab;
using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The seeds' asyncio programs give the same lines, in the same order, at the same times and (except where
/// Task.WhenAll deliberately differs from gather) in the same ticks, on EventLoop as under CPython's asyncio.
/// The reference is produced by running asyncio/seed_programs.py with python3 (asyncio's own loop, its clock made virtual); where no python3 is found the
/// comparison is skipped with a message, unless CI is set, where it fails.
/// </summary>
public sealed class EventLoopSeedTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<string, List<string>>?> s_reference = new(RunPythonReference);

    public static TheoryData<string> Programs => new(EventLoopSeedPrograms.Names);

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void Program_prints_what_asyncio_prints(string program)
    {
        var reference = s_reference.Value;
        if (reference is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "CI is set but python3 was not found: the asyncio reference cannot run.");
            output.WriteLine("python3 not found, so the asyncio reference was not run.");
            Skip.If(true, "python3 not found: the asyncio reference was not run (CI requires it).");
        }
        Assert.True(reference.ContainsKey(program), $"seed_programs.py printed no section for {program}.");
        var expected = reference[program];
        var actual = EventLoopSeedPrograms.Run(program);
        if (EventLoopSeedPrograms.GatherPrograms.Contains(program))
        {
            expected = expected.Select(DropTick).ToList();
            actual = actual.Select(DropTick).ToList();
        }
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Virtual_runs_are_exact_and_repeatable(string program)
    {
        var first = EventLoopSeedPrograms.Run(program);
        var second = EventLoopSeedPrograms.Run(program);
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Say_after_sequential_takes_three_seconds_with_tasks_two()
    {
        Assert.Equal(["3|1|hello", "5|3|world", "5|3|time: 3"], EventLoopSeedPrograms.Run("sequential"));
        Assert.Equal(["4|1|hello", "7|2|world", "8|2|time: 2"], EventLoopSeedPrograms.Run("with_tasks"));
    }

    private static string DropTick(string line) => line[(line.IndexOf('|') + 1)..];

    private static Dictionary<string, List<string>>? RunPythonReference()
    {
        var python = FindPython();
        if (python is null) return null;
        var script = Path.Combine(FindRepoRoot(), "tests", "ConcurrencyLab.Tests", "asyncio", "seed_programs.py");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("virtual"); // asyncio's own loop with a virtual clock: exact whatever the machine's load
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("seed_programs.py did not finish within 2 minutes.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"seed_programs.py failed: {stderr.Result}");
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) sections[line[3..]] = current = [];
            else current?.Add(line);
        }
        return sections;
    }

    internal static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var start = new ProcessStartInfo(candidate, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
                using var probe = Process.Start(start);
                if (probe is null) continue;
                probe.WaitForExit(10_000);
                if (probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }
        return null;
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConcurrencyLab.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Could not find the repository root (ConcurrencyLab.slnx) above " + AppContext.BaseDirectory);
    }
}
