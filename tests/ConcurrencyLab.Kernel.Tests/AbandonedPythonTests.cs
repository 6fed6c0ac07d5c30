using System.Diagnostics;
using ConcurrencyLab;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// What an abandoned #!connect leaves behind is stopped: the children started since a snapshot that match the
/// marker, and nothing else.
/// </summary>
public sealed class ChildProcessesTests
{
    [Theory]
    [InlineData("1234 (python3) S 777 1234 1 0", 777)]
    [InlineData("1234 (a b) c) R 42 1 1", 42)] // a command name may hold spaces and ')'
    [InlineData("garbage", -1)]
    public void The_parent_id_is_read_after_the_command_name(string stat, int parent) =>
        Assert.Equal(parent, ChildProcesses.ParentOf(stat));

    [SkippableFact]
    public void Only_children_started_since_the_snapshot_with_the_marker_are_stopped()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "children are read from /proc");
        using var older = Sleep("61");
        var before = ChildProcesses.Current();
        using var other = Sleep("62");
        using var target = Sleep("63");
        Assert.Contains(target.Id, ChildProcesses.Current().Keys);

        var stopped = ChildProcesses.StopStartedSince(before, "sleep 63");

        Assert.Equal([target.Id], stopped.Select(s => s.Id));
        Assert.Equal("sleep 63", Assert.Single(stopped).CommandLine);
        Assert.True(target.WaitForExit(10_000), "the matching child was not stopped");
        Assert.False(older.HasExited); // in the snapshot
        Assert.False(other.HasExited); // started since, but not matching
        older.Kill();
        other.Kill();
    }

    private static Process Sleep(string seconds) =>
        Process.Start(new ProcessStartInfo("sleep", seconds) { UseShellExecute = false })!;
}

/// <summary>An abandoned connect's Jupyter connection file is deleted, and no other file is touched.</summary>
public sealed class ConnectionFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lab-runtime-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_file_after_dash_f_is_deleted_when_it_is_a_connection_file()
    {
        var file = Path.Combine(_folder, "kernel-1234.json");
        File.WriteAllText(file, "{}");

        Assert.True(PythonKernelConnector.DeleteConnectionFile($"/usr/bin/python3 -m ipykernel_launcher -f {file}"));

        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("notes.json")]       // not named as Jupyter names connection files
    [InlineData("kernel-1234.txt")]
    public void Any_other_file_is_left_alone(string name)
    {
        var file = Path.Combine(_folder, name);
        File.WriteAllText(file, "{}");

        Assert.False(PythonKernelConnector.DeleteConnectionFile($"/usr/bin/python3 -m ipykernel_launcher -f {file}"));
        Assert.False(PythonKernelConnector.DeleteConnectionFile($"/usr/bin/python3 {file}")); // no -f
        Assert.True(File.Exists(file));
    }
}
