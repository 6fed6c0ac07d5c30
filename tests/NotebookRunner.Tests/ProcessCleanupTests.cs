using System.Text.RegularExpressions;
using ConcurrencyLab.Processes;

namespace NotebookRunner.Tests;

/// <summary>After a run, no process the runner started is alive: the kernel, what its cells started, a connected
/// Python kernel. (Quit would leave a #!connect-ed kernel orphaned; the runner kills the whole tree.)</summary>
public class ProcessCleanupTests
{
    private static readonly Lazy<bool> HasPythonKernel = new(() =>
        File.Exists("/usr/share/jupyter/kernels/python3/kernel.json") || File.Exists("/usr/local/share/jupyter/kernels/python3/kernel.json"));

    [Fact]
    public void The_kernel_and_a_process_started_by_a_cell_are_gone_after_the_run()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "child",
            "var child = System.Diagnostics.Process.Start(\"sleep\", \"300\");\nvar childPid = child.Id;\nvar kernelPid = Environment.ProcessId;");
        var run = TestKit.Run(path);
        Assert.True(run.Succeeded, run.Describe());
        var childPid = run.Var<int>("childPid");
        Assert.Contains(childPid, run.KernelProcessIds);
        Assert.Contains(run.Var<int>("kernelPid"), run.KernelProcessIds);
        Assert.All(run.KernelProcessIds, id => Assert.False(ProcessTable.IsAlive(id), $"process {id} is still alive"));
    }

    [Fact]
    public void After_the_command_line_exits_nothing_it_started_is_alive()
    {
        var dir = TestKit.TempDirectory();
        var pids = Path.Combine(dir, "pids.txt");
        var path = TestKit.WriteNotebook(dir, "cli-child",
            $"var child = System.Diagnostics.Process.Start(\"sleep\", \"300\");\nSystem.IO.File.WriteAllText(@\"{pids}\", $\"{{Environment.ProcessId}} {{child.Id}}\");");
        var run = TestKit.RunCliProcess(null, path, "--out", Path.Combine(dir, "out"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var ids = File.ReadAllText(pids).Split(' ').Select(int.Parse).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.All(ids, id => Assert.False(ProcessTable.IsAlive(id), $"process {id} outlived the runner"));
    }

    [SkippableTheory]
    [InlineData("TERM", 143)]
    // SIGINT (Ctrl+C) goes through the same handler; it is not tested here because a process started in the
    // background of a non-interactive shell (as CI jobs often are) inherits SIGINT ignored, and then never sees it.
    public void An_interrupted_runner_stops_its_kernel_before_it_exits(string signal, int exitCode)
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX signals");
        var dir = TestKit.TempDirectory();
        var pids = Path.Combine(dir, "pids.txt");
        var path = TestKit.WriteNotebook(dir, "interrupted",
            $"System.IO.File.WriteAllText(@\"{pids}\", $\"{{Environment.ProcessId}}\");\nSystem.Threading.Thread.Sleep(300_000);");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestKit.RepoRoot };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll"), path, "--out", Path.Combine(dir, "out"), "--cell-timeout", "600" })
            info.ArgumentList.Add(a);
        using var runner = System.Diagnostics.Process.Start(info)!;
        var stderr = runner.StandardError.ReadToEndAsync();
        _ = runner.StandardOutput.ReadToEndAsync();
        try
        {
            // The kernel writes its id once the sleeping cell runs; the kernel's start-up is all this waits for.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!(File.Exists(pids) && File.ReadAllText(pids).Length > 0) && waited.Elapsed < TimeSpan.FromMinutes(3) && !runner.HasExited)
                Thread.Sleep(100);
            Assert.True(File.Exists(pids), "the cell never ran");
            var kernelPid = int.Parse(File.ReadAllText(pids));

            using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, runner.Id.ToString()]))
                kill.WaitForExit();
            Assert.True(runner.WaitForExit(TimeSpan.FromSeconds(60)), "the runner did not exit after the signal");

            Assert.Equal(exitCode, runner.ExitCode);
            Assert.False(ProcessTable.IsAlive(kernelPid), $"the kernel {kernelPid} outlived the interrupted runner");
            Assert.Contains("stopping the kernels", stderr.Result);
            Assert.False(File.Exists(Path.Combine(dir, "out", "interrupted.ipynb")), "an unfinished notebook's report was written");
        }
        finally
        {
            if (!runner.HasExited) runner.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// A bare #!connect jupyter (no helper retries it here: the runner knows no helper) is a genuine kernel that
    /// sometimes never answers on a loaded machine (about one connect in 25; see PythonKernelConnector), and a
    /// Python reply can be lost the same way. So a run that timed out is tried again, up to 3 runs, and every
    /// run, the timed-out ones too, must leave no process behind.
    /// </summary>
    [SkippableFact]
    public void A_connected_python_kernel_is_gone_after_the_run()
    {
        TestKit.RequireTool(HasPythonKernel.Value, "a python3 Jupyter kernel (apt install python3-ipykernel)");
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteCells(dir, "python", [
            ("csharp", "#!connect jupyter --kernel-name python --kernel-spec python3", null),
            ("python", "import os\nprint('python pid', os.getpid())", null),
        ]);
        var options = TestKit.Options with { CellTimeout = TimeSpan.FromSeconds(45) };
        var timedOut = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var run = TestKit.Run(path, options);
            Assert.NotEmpty(run.KernelProcessIds);
            Assert.All(run.KernelProcessIds, p => Assert.False(ProcessTable.IsAlive(p), $"process {p} outlived run {attempt}"));
            if (run.TimedOut)
            {
                timedOut.Add($"run {attempt}: {run.Describe()}");
                continue;
            }
            Assert.True(run.Succeeded, run.Describe());
            var pid = int.Parse(Regex.Match(run.Cell(3).Stdout(), @"python pid (\d+)").Groups[1].Value);
            Assert.Contains(pid, run.KernelProcessIds); // the Python kernel was in the tree that was killed
            return;
        }
        Assert.Fail("every run timed out:\n" + string.Join("\n", timedOut));
    }
}
