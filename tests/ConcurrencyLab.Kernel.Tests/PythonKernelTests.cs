using System.Text.Json.Serialization;
using ConcurrencyLab;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// PythonKernel.ConnectAsync in a notebook (a CompositeKernel with the real C# kernel): with no Python it adds the
/// stand-in, whose cells succeed with one line saying what to install and whose values C# cells can recognise;
/// with Python it sends exactly the #!connect line a cell would, then puts helpers/python on sys.path.
/// (PythonKernel.Status is per process, as in a kernel: these tests run one at a time.)
/// </summary>
[Collection(nameof(PythonKernelTests))]
[CollectionDefinition(nameof(PythonKernelTests), DisableParallelization = true)]
public sealed class PythonKernelTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private PythonKernelOptions Options(IKernelSpecSource specs) => new("python", "python3", _scratch.Dir("helpers-python"), Specs: specs);

    private static JupyterKernelSpec IpyKernelSpec(string python) =>
        new("python3", [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]);

    // --- Python absent ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Without_a_kernel_spec_the_stand_in_says_what_to_install_and_the_cells_succeed()
    {
        using var notebook = new Notebook(Options(_scratch.Specs()));

        var connect = await notebook.ConnectAsync();

        Notebook.AssertSucceeded(connect);
        var status = notebook.Status!;
        Assert.True(status.IsStandIn);
        Assert.False(status.IsConnected);
        Assert.Equal(status, PythonKernel.Status);
        Assert.Contains("no Jupyter kernel spec named 'python3' was found", status.Message);
        Assert.Equal([status.Message], Notebook.PlainText(connect)); // the connecting cell says it, in one line

        var cell = await notebook.SubmitAsync("import asyncio\nprint('never runs')", "python");
        Notebook.AssertSucceeded(cell);
        var note = Assert.Single(Notebook.PlainText(cell));
        Assert.DoesNotContain('\n', note);
        Assert.StartsWith("Python cell not run: no Jupyter kernel spec named 'python3' was found.", note);
        Assert.Contains("ipykernel", note);
        Assert.Contains("apt-get install python3-ipykernel", note);
    }

    [Fact]
    public async Task A_kernel_whose_jupyter_module_does_not_fit_gets_the_stand_in_saying_so()
    {
        using var notebook = new Notebook(Options(new MismatchedJupyterModule()));

        Notebook.AssertSucceeded(await notebook.ConnectAsync());

        Assert.True(notebook.Status!.IsStandIn);
        Assert.Contains("this kernel's Jupyter module (Microsoft.DotNet.Interactive.Jupyter, which #!connect jupyter needs) could not be used (Method not found", notebook.Status.Message);
    }

    [Fact]
    public async Task A_python_magic_line_in_any_cell_reaches_the_stand_in()
    {
        using var notebook = new Notebook(Options(_scratch.Specs()));
        await notebook.ConnectAsync();

        var cell = await notebook.SubmitAsync("#!python\nprint(1)", "csharp");

        Notebook.AssertSucceeded(cell);
        Assert.StartsWith("Python cell not run", Assert.Single(Notebook.PlainText(cell)));
    }

    [Fact]
    public async Task A_value_shared_from_the_stand_in_reaches_CSharp_as_MissingValue()
    {
        using var notebook = new Notebook(Options(_scratch.Specs()));
        await notebook.ConnectAsync();

        var set = await notebook.SubmitAsync("#!set --name ticks --value @python:ticks_json", "csharp");
        Notebook.AssertSucceeded(set);
        var value = await notebook.Root.SendAsync(new RequestValue("ticks", targetKernelName: "csharp"));
        Assert.Equal(PythonKernel.MissingValue, value.Events.OfType<ValueProduced>().Single().Value);

        // What a C# cell that depends on Python checks first.
        var check = await notebook.SubmitAsync(
            $"#r \"{typeof(PythonKernel).Assembly.Location}\"\n" +
            "ConcurrencyLab.PythonKernel.IsConnected ? \"use it\" : \"skipped: \" + (ticks == ConcurrencyLab.PythonKernel.MissingValue)", "csharp");
        Notebook.AssertSucceeded(check);
        Assert.Equal("skipped: True", check.Events.OfType<ReturnValueProduced>().Single().Value);
    }

    [Fact]
    public async Task Values_shared_into_the_stand_in_are_accepted()
    {
        using var notebook = new Notebook(Options(_scratch.Specs()));
        await notebook.ConnectAsync();
        await notebook.SubmitAsync("var seconds = 3;", "csharp");

        var cell = await notebook.SubmitAsync("#!set --name seconds --value @csharp:seconds\nprint(seconds)", "python");

        Notebook.AssertSucceeded(cell);
        Assert.StartsWith("Python cell not run", Assert.Single(Notebook.PlainText(cell)));
    }

    [SkippableFact]
    public async Task A_kernel_spec_whose_python_lacks_ipykernel_gets_the_stand_in_with_that_reason()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", "exit 1");
        using var notebook = new Notebook(Options(_scratch.Specs(IpyKernelSpec(python))));

        Notebook.AssertSucceeded(await notebook.ConnectAsync());

        Assert.True(notebook.Status!.IsStandIn);
        Assert.Contains($"'{python}' (Jupyter kernel spec 'python3') cannot import ipykernel", notebook.Status.Message);
    }

    [Fact]
    public async Task Running_the_connecting_cell_again_keeps_the_one_stand_in()
    {
        using var notebook = new Notebook(Options(_scratch.Specs()));
        await notebook.ConnectAsync();

        var again = await notebook.ConnectAsync();
        Notebook.AssertSucceeded(again);

        Assert.True(notebook.Status!.IsStandIn);
        Assert.Single(notebook.Root.ChildKernels, k => k.Name == "python");
        // The cell's output says again what the Python cells will show: re-running it is not a silent no-op.
        Assert.Contains(Notebook.PlainText(again), t => t.Contains("No Python kernel", StringComparison.Ordinal));
    }

    // --- Python present ----------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task With_a_kernel_spec_it_sends_the_connect_line_then_puts_the_helpers_on_sys_path()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", "echo 3.99.2");
        var connected = new List<FakeJupyterConnect>();
        var python3 = new RecordingKernel("python");
        using var notebook = new Notebook(Options(_scratch.Specs(IpyKernelSpec(python))));
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(command => { connected.Add(command); return python3; }));
        var submissions = new List<string>();
        notebook.Root.AddMiddleware(async (command, context, next) =>
        {
            if (command is FakeJupyterConnect && command.Parent is SubmitCode submit) submissions.Add(submit.Code);
            await next(command, context);
        });

        var connect = await notebook.ConnectAsync();

        Notebook.AssertSucceeded(connect);
        var request = Assert.Single(connected);
        Assert.Equal(("python", "python3"), (request.ConnectedKernelName, request.KernelSpecName));
        Assert.Equal(["#!connect jupyter --kernel-name python --kernel-spec python3"], submissions); // the very line a cell would hold
        var helpers = _scratch.Dir("helpers-python");
        var pathCell = Assert.Single(python3.Submitted);
        Assert.Contains($"sys.path.insert(0, \"{helpers}\")", pathCell);
        Assert.Contains("from concurrency_lab.reply_hold import hold_replies_or_explain as _lab_hold\n_lab_hold_note = _lab_hold()\nif _lab_hold_note:\n    print(_lab_hold_note)\n", pathCell);
        Assert.True(pathCell.IndexOf("sys.path.insert", StringComparison.Ordinal) < pathCell.IndexOf("_lab_hold()", StringComparison.Ordinal)); // after sys.path has it
        var status = notebook.Status!;
        Assert.True(status.IsConnected);
        Assert.True(PythonKernel.IsConnected);
        Assert.StartsWith("Python 3.99.2 connected as kernel 'python' (Jupyter kernel spec 'python3'", status.Message);
        Assert.Contains("import concurrency_lab works there", status.Message);
        Assert.Contains(status.Message, Notebook.PlainText(connect));

        Notebook.AssertSucceeded(await notebook.ConnectAsync()); // again: nothing new is connected
        Assert.Single(connected);
        Assert.True(notebook.Status!.IsConnected);
    }

    [SkippableFact]
    public async Task The_connect_finds_the_spec_that_starts_python_through_kernel_launch_and_afterwards_JUPYTER_PATH_is_as_before()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var before = Environment.GetEnvironmentVariable("JUPYTER_PATH");
        var launcher = Path.Combine(_scratch.Dir("helpers-python", "concurrency_lab"), "kernel_launch.py");
        File.WriteAllText(launcher, "");
        string? duringConnect = null;
        using var notebook = new Notebook(Options(FakePython("3.99.8")));
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(_ =>
        {
            duringConnect = Environment.GetEnvironmentVariable("JUPYTER_PATH");
            return new RecordingKernel("python");
        }));

        Notebook.AssertSucceeded(await notebook.ConnectAsync());

        Assert.NotNull(duringConnect);
        var root = duringConnect.Split(Path.PathSeparator)[0];
        Assert.NotEqual(before, duringConnect);
        Assert.Equal(before, Environment.GetEnvironmentVariable("JUPYTER_PATH"));
        Assert.False(Directory.Exists(root)); // the spec folder lived as long as the connect
        Assert.Contains("(Started through kernel_launch.py: Python answers nothing before this connection listens to its output.)", notebook.Status!.Message);
    }

    [SkippableFact]
    public async Task When_connect_fails_the_stand_in_takes_its_place_and_the_cell_still_succeeds()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", "echo 3.99.3");
        using var notebook = new Notebook(Options(_scratch.Specs(IpyKernelSpec(python))));
        notebook.Root.AddConnectDirective(new FakeJupyterDirective((Func<FakeJupyterConnect, Microsoft.DotNet.Interactive.Kernel>)(_ => throw new InvalidOperationException("Process Exited with exit code 1"))));

        var connect = await notebook.ConnectAsync();

        Notebook.AssertSucceeded(connect);
        Assert.True(notebook.Status!.IsStandIn);
        Assert.Contains("#!connect jupyter --kernel-spec python3 failed (Process Exited with exit code 1)", notebook.Status.Message);
        var cell = await notebook.SubmitAsync("print(1)", "python");
        Notebook.AssertSucceeded(cell);
        Assert.StartsWith("Python cell not run: #!connect jupyter", Assert.Single(Notebook.PlainText(cell)));
    }

    [SkippableFact]
    public async Task A_failure_of_an_abandoned_connect_that_comes_late_is_not_taken_for_the_current_one()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.11")) with { AttemptTimeout = TimeSpan.FromMilliseconds(500) };
        var python3 = new RecordingKernel("python");
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateFailureThrown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(async _ =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                // Abandoned after 0.5 s; it fails only once the second attempt is under way.
                await secondStarted.Task;
                lateFailureThrown.SetResult();
                throw new InvalidOperationException("the first Python failed late");
            }
            secondStarted.SetResult();
            await lateFailureThrown.Task;
            return python3;
        }));

        var connect = await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Notebook.AssertSucceeded(connect);
        Assert.Equal(2, attempts);
        Assert.True(notebook.Status!.IsConnected, notebook.Status.Message);
        Assert.Contains("Connected at attempt 2", notebook.Status.Message);
    }

    [SkippableFact]
    public async Task A_connect_outside_PythonKernel_fails_as_it_always_does()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        using var notebook = new Notebook(Options(FakePython("3.99.12")));
        notebook.Root.AddConnectDirective(new FakeJupyterDirective((Func<FakeJupyterConnect, Microsoft.DotNet.Interactive.Kernel>)(_ => throw new InvalidOperationException("Process Exited with exit code 1"))));
        await notebook.ConnectAsync(); // the guard is in place from here on

        var own = await notebook.SubmitAsync("#!connect jupyter --kernel-name other --kernel-spec python3", "csharp");

        var failed = Assert.Single(own.Events.OfType<CommandFailed>());
        Assert.Contains("Process Exited with exit code 1", failed.Message);
    }

    [SkippableFact]
    public async Task A_connect_that_never_answers_is_abandoned_and_the_next_one_connects()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.4")) with { AttemptTimeout = TimeSpan.FromSeconds(1) };
        var python3 = new RecordingKernel("python");
        var attempts = 0;
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(async _ =>
        {
            // The first connect hangs as the real one sometimes does: the kernel's scheduler waits for it synchronously.
            if (Interlocked.Increment(ref attempts) == 1) await Task.Delay(Timeout.Infinite);
            return python3;
        }));

        var connect = await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30)); // a hang fails here, not forever

        Notebook.AssertSucceeded(connect);
        Assert.Equal(2, attempts);
        var status = notebook.Status!;
        Assert.True(status.IsConnected);
        Assert.Contains("connected as kernel 'python'", status.Message);
        Assert.Contains("Connected at attempt 2: 1 #!connect jupyter did not answer within 1 s and was abandoned.", status.Message);
        Assert.Single(python3.Submitted); // helpers/python went onto sys.path in the kernel that answered
        Notebook.AssertSucceeded(await notebook.SubmitAsync("1 + 1", "csharp").WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public async Task A_python_command_that_never_answers_after_the_connect_is_sent_again()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.6")) with { AttemptTimeout = TimeSpan.FromSeconds(1) };
        // The first submission's reply is lost, as when the kernel subscribes to it only after Python has answered.
        var python3 = new RecordingKernel("python", n => n == 1 ? Task.Delay(Timeout.Infinite) : Task.CompletedTask);
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(_ => python3));

        var connect = await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30)); // a hang fails here, not forever

        Notebook.AssertSucceeded(connect);
        Assert.Equal(2, python3.Submitted.Count);
        Assert.All(python3.Submitted, code => Assert.Contains("sys.path.insert", code));
        var status = notebook.Status!;
        Assert.True(status.IsConnected);
        Assert.Contains("import concurrency_lab works there", status.Message);
        Assert.Contains("(Adding helpers/python to sys.path: 1 try did not answer within 1 s, so it was sent again.)", status.Message);
        Notebook.AssertSucceeded(await notebook.SubmitAsync("1 + 1", "csharp").WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public async Task A_python_that_never_answers_after_the_connect_is_reported_and_later_cells_still_run()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.7")) with { AttemptTimeout = TimeSpan.FromMilliseconds(500), Attempts = 2 };
        var python3 = new RecordingKernel("python", _ => Task.Delay(Timeout.Infinite));
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(_ => python3));

        var connect = await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Notebook.AssertSucceeded(connect);
        Assert.Equal(2, python3.Submitted.Count);
        Assert.Contains("adding helpers/python to sys.path failed (2 tries did not answer within 0.5 s)", notebook.Status!.Message);
        Notebook.AssertSucceeded(await notebook.SubmitAsync("var after = 42;", "csharp").WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public async Task When_no_connect_answers_the_stand_in_says_so_and_later_cells_still_run()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.5")) with { AttemptTimeout = TimeSpan.FromMilliseconds(500), Attempts = 2 };
        var attempts = 0;
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(async _ =>
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(Timeout.Infinite);
            return new RecordingKernel("python");
        }));

        var connect = await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Notebook.AssertSucceeded(connect);
        Assert.Equal(2, attempts);
        Assert.True(notebook.Status!.IsStandIn);
        Assert.Contains("2 #!connect jupyter lines did not answer within 0.5 s and were abandoned (restart the kernel to try again)", notebook.Status.Message);
        var python = await notebook.SubmitAsync("print(1)", "python").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("Python cell not run: 2 #!connect jupyter lines did not answer", Assert.Single(Notebook.PlainText(python)));
        // The abandoned connects still wait in the background; the cells after them are not held up.
        Notebook.AssertSucceeded(await notebook.SubmitAsync("var after = 42;", "csharp").WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private IKernelSpecSource FakePython(string version) => _scratch.Specs(IpyKernelSpec(_scratch.Script("python3", $"echo {version}")));

    // --- the overall limit ----------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_spec_list_that_never_answers_ends_at_the_connects_overall_limit()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(((FakeSpecs)FakePython("3.99.13")).ListedWhen(new TaskCompletionSource().Task))
            with { AttemptTimeout = TimeSpan.FromMilliseconds(300), SetupAllowance = TimeSpan.FromMilliseconds(300) };
        using var notebook = new Notebook(options);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Notebook.AssertSucceeded(await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(TimeSpan.FromSeconds(1.2), options.OverallLimit);
        Assert.Contains("listing the Jupyter kernel specs did not finish within the connect's limit of 1.2 s", notebook.Status!.Message);
        // The kernel's own list allows its jupyter command a minute: the connect ended long before.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task A_python_check_that_never_answers_ends_at_the_connects_overall_limit_not_the_checks_minute()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", "exec sleep 600");
        var options = Options(_scratch.Specs(IpyKernelSpec(python)))
            with { AttemptTimeout = TimeSpan.FromMilliseconds(300), SetupAllowance = TimeSpan.FromMilliseconds(300) };
        using var notebook = new Notebook(options);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Notebook.AssertSucceeded(await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(notebook.Status!.IsStandIn);
        Assert.Matches(@"did not answer `python -c` within 1\.[0-2] s", notebook.Status.Message);
        Assert.True(clock.Elapsed * 6 < PythonKernelCheck.Timeout, $"took {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task Connects_and_sys_path_tries_that_never_answer_share_one_limit()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var options = Options(FakePython("3.99.14")) with { AttemptTimeout = TimeSpan.FromSeconds(1), SetupAllowance = TimeSpan.FromMilliseconds(500) };
        var python3 = new RecordingKernel("python", _ => Task.Delay(Timeout.Infinite)); // sys.path is never answered
        var attempts = 0;
        using var notebook = new Notebook(options);
        notebook.Root.AddConnectDirective(new FakeJupyterDirective(async _ =>
        {
            if (Interlocked.Increment(ref attempts) < 3) await Task.Delay(Timeout.Infinite);
            return python3;
        }));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Notebook.AssertSucceeded(await notebook.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        var elapsed = clock.Elapsed;

        var message = notebook.Status!.Message;
        Assert.Contains("Connected at attempt 3: 2 #!connect jupyter lines did not answer within 1 s and were abandoned.", message);
        // Without one limit the three tries would wait 1 s each after the 2 s of connects: 5 s in all.
        var tries = System.Text.RegularExpressions.Regex.Match(message, @"sys\.path failed \((\d) tries? did not answer within (.*?) \(the connect's limit of 3\.5 s was reached\)\)");
        Assert.True(tries.Success, message);
        var limits = System.Text.RegularExpressions.Regex.Matches(tries.Groups[2].Value, @"[\d.]+").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(int.Parse(tries.Groups[1].Value), limits.Count);
        Assert.True(2 + limits.Sum() <= 3.5 + 0.05, message);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
    }

    // --- misuse ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Outside_a_cell_it_says_where_it_must_run()
    {
        var status = await PythonKernel.ConnectAsync(Options(_scratch.Specs()));
        Assert.False(status.IsConnected || status.IsStandIn);
        Assert.Contains("must run in a notebook cell", status.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(601)]
    public async Task A_connect_time_limit_outside_zero_to_ten_minutes_is_refused(int seconds)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PythonKernel.ConnectAsync(attemptTimeout: TimeSpan.FromSeconds(seconds)));
        Assert.Contains("more than zero and at most 10 minutes", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("py thon")]
    [InlineData("--kernel-spec")]
    [InlineData("python\n#!csharp")]
    public async Task Names_that_would_break_the_connect_line_are_refused(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PythonKernel.ConnectAsync(kernelName: name));
        Assert.Contains("cannot be used as a kernel name", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => PythonKernel.ConnectAsync(kernelSpec: name));
    }
}

/// <summary>What #!connect jupyter parses into, for the fake below (the real one lives in the kernel's Jupyter assembly).</summary>
public sealed class FakeJupyterConnect(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    [JsonPropertyName("kernelSpec")]
    public string? KernelSpecName { get; set; }
}

/// <summary>A #!connect jupyter directive that hands back a kernel of the test's choosing instead of starting Python.</summary>
internal sealed class FakeJupyterDirective : ConnectKernelDirective<FakeJupyterConnect>
{
    private readonly Func<FakeJupyterConnect, Task<Microsoft.DotNet.Interactive.Kernel>> _connect;

    public FakeJupyterDirective(Func<FakeJupyterConnect, Microsoft.DotNet.Interactive.Kernel> connect)
        : this(command => Task.FromResult(connect(command)))
    {
    }

    /// <summary>A connect that takes its time, or never answers (a task that never completes).</summary>
    public FakeJupyterDirective(Func<FakeJupyterConnect, Task<Microsoft.DotNet.Interactive.Kernel>> connect) : base("jupyter", "fake Jupyter connection")
    {
        _connect = connect;
        Parameters.Add(new KernelDirectiveParameter("--kernel-spec") { Required = true });
    }

    public override async Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(FakeJupyterConnect connectCommand, KernelInvocationContext context) =>
        [await _connect(connectCommand)];
}

/// <summary>Stands for the connected Python kernel: remembers the code it was sent, and can be told how to answer
/// (by the 1-based number of the submission), e.g. never, as a lost reply looks.</summary>
internal sealed class RecordingKernel(string name, Func<int, Task>? answer = null) : Microsoft.DotNet.Interactive.Kernel(name), IKernelCommandHandler<SubmitCode>
{
    public List<string> Submitted { get; } = [];

    Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        Submitted.Add(command.Code);
        return answer?.Invoke(Submitted.Count) ?? Task.CompletedTask;
    }
}
