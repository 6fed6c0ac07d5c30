using System.Diagnostics;
using ConcurrencyLab.Processes;

namespace NotebookRunner.Tests;

/// <summary>The shared process table (tools/Common/ProcessTable.cs) as the runner links it.</summary>
public class ProcessTableTests
{
    [Theory]
    [InlineData("4242 (sleep) S 17 4242 17 0 -1", 'S', 17)]
    [InlineData("4242 (my (odd) name) R 1 4242 1 0 -1", 'R', 1)]         // spaces and parentheses in the name
    [InlineData("4242 (a) b) c) Z 99 4242 99 0 -1", 'Z', 99)]              // ')' followed by more ')': the last one ends it
    [InlineData("4242 (tricky ) S 5 x) D 7 4242 7 0 -1", 'D', 7)]          // a name that looks like the fields after it
    public void ParseStat_reads_state_and_parent_after_the_last_closing_parenthesis(string line, char state, int parent)
    {
        Assert.Equal((state, parent), ProcessTable.ParseStat(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 sleep S 17")]           // no parenthesis
    [InlineData("4242 (sleep)")]              // nothing after the name
    [InlineData("4242 (sleep) S")]            // no parent
    [InlineData("4242 (sleep) S x 1")]        // a parent that is not a number
    [InlineData("4242 (sleep) Sleeping 17")]  // a state that is not one letter
    public void ParseStat_gives_null_for_a_line_of_another_shape(string line)
    {
        Assert.Null(ProcessTable.ParseStat(line));
    }

    [SkippableFact]
    public void Arguments_are_the_exact_argv_and_killing_by_id_ends_exactly_that_process()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc");
        // Two identical sleeps: the one killed by its id ends, its twin lives on.
        using var target = Sleep();
        using var twin = Sleep();
        try
        {
            Assert.Equal(["/bin/sleep", "30", " 1"], ProcessTable.Arguments(target.Id));
            Assert.Equal(ProcessTable.Arguments(target.Id), ProcessTable.Arguments(twin.Id));
            Assert.Contains(target.Id, ProcessTable.ChildrenOf(Environment.ProcessId));

            Assert.True(ProcessTable.TryKill(target.Id));
            Assert.True(target.WaitForExit(TimeSpan.FromSeconds(10)), "the sleep killed by its id did not end");
            Assert.False(ProcessTable.IsAlive(target.Id));
            Assert.Null(ProcessTable.Arguments(target.Id));
            Assert.True(ProcessTable.IsAlive(twin.Id), "killing one sleep ended its twin");
        }
        finally
        {
            foreach (var process in new[] { target, twin })
                if (!process.HasExited) process.Kill();
        }
    }

    [SkippableFact]
    public void Arguments_keep_an_empty_last_argument()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc");
        // sh -c SCRIPT NAME ARG: the script's $0 and $1; a script of two commands keeps the shell itself running.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sleep 30; true", "name", ""]))!;
        try
        {
            Assert.Equal(["/bin/sh", "-c", "sleep 30; true", "name", ""], ProcessTable.Arguments(shell.Id));
        }
        finally
        {
            ProcessTable.KillTree(shell, TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>/bin/sleep 30 " 1": sleeps 31 s; its second argument holds a space (sleep sums its arguments).</summary>
    private static Process Sleep() => Process.Start(new ProcessStartInfo("/bin/sleep", ["30", " 1"]))!;
}
