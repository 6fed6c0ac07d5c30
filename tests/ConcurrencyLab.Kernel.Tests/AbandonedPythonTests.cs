using System.Diagnostics;
using ConcurrencyLab;
using ConcurrencyLab.Processes;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// What an abandoned #!connect started is stopped, identified exactly: a child started since the snapshot that was
/// given, as one whole argument, a connection file that appeared since. Nothing else is killed or deleted: not a
/// child started through sh or env that merely mentions the file, not one started before, not an older file.
/// </summary>
public sealed class AbandonedPythonTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.Dispose();
        }
        _scratch.Dispose();
    }

    [SkippableFact]
    public void Only_the_child_given_a_new_connection_file_as_a_whole_argument_is_stopped_and_only_that_file_deleted()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "children and their arguments are read from /proc");
        var runtime = _scratch.Dir("jupyter data", "run time"); // spaces in the path
        var older = Path.Combine(runtime, $"kernel-{Guid.NewGuid()}.json");
        File.WriteAllText(older, "{}");
        var startedBefore = Start("/bin/sh", "-c", "sleep 300; :", "sh", "-f", older);
        var snapshot = AbandonedPython.Before(runtime);

        var file = Path.Combine(runtime, $"kernel-{Guid.NewGuid()}.json");
        File.WriteAllText(file, "{}");
        // "; :" keeps each sh from replacing itself with sleep, so each keeps the arguments it was given.
        var mentionsIt = Start("/bin/sh", "-c", $"sleep 301; : {file}");  // the path inside one argument
        var throughEnv = Start("/usr/bin/env", "sleep", "302");          // started through env, as a spec may start Python
        var notYetAFile = Start("/bin/sh", "-c", "sleep 303; :", "sh", "-f", file + ".old");
        var target = Start("/usr/bin/env", "/bin/sh", "-c", "sleep 304; :", "sh", "-f", file);
        WaitUntil(() => ProcessTable.ChildrenOf(target.Id).Count == 1, "the target's own child started");
        var grandchild = ProcessTable.ChildrenOf(target.Id).Single();

        var stopped = snapshot.Stop();

        Assert.Equal([(target.Id, file)], stopped);
        Assert.True(target.WaitForExit(10_000), "the identified child was not stopped");
        WaitUntil(() => !ProcessTable.IsAlive(grandchild), "what the identified child started was stopped");
        Assert.False(File.Exists(file));
        Assert.True(File.Exists(older));
        Assert.All([startedBefore, mentionsIt, throughEnv, notYetAFile], p => Assert.False(p.HasExited, $"{p.Id} was killed"));
    }

    [SkippableFact]
    public void Without_a_new_connection_file_nothing_is_stopped()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "children and their arguments are read from /proc");
        var runtime = _scratch.Dir("runtime");
        var file = Path.Combine(runtime, $"kernel-{Guid.NewGuid()}.json");
        File.WriteAllText(file, "{}");
        var snapshot = AbandonedPython.Before(runtime);
        var child = Start("/bin/sh", "-c", "sleep 305; :", "sh", "-f", file); // started since, but the file is older

        Assert.Empty(snapshot.Stop());
        Assert.False(child.HasExited);
        Assert.True(File.Exists(file));
        Assert.Empty(AbandonedPython.Before(Path.Combine(_scratch.Root, "no such folder")).Stop());
    }

    [Theory]
    [InlineData("1234 (python3) S 777 1234 1 0", 'S', 777)]
    [InlineData("1234 (a b) c) R 42 1 1", 'R', 42)] // a command name may hold spaces and ')'
    public void A_childs_parent_is_read_after_the_command_name(string stat, char state, int parent) =>
        Assert.Equal((state, parent), ProcessTable.ParseStat(stat));

    [Theory]
    [InlineData("garbage")]
    [InlineData("1234 (python3)")]
    [InlineData("1234 (python3) S notanumber")]
    public void A_stat_line_of_another_shape_names_no_parent(string stat) => Assert.Null(ProcessTable.ParseStat(stat));

    private Process Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        _started.Add(process);
        return process;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"not within 10 s: {what}");
            Thread.Sleep(10);
        }
    }
}
