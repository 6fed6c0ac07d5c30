namespace Workshop.Tests;

/// <summary>
/// The core (helpers/ConcurrencyLab) needs no kernel: a file-based app that names it with <c>#:project</c> records a
/// timeline, draws its Gantt chart as text and runs a virtual event loop, as a notebook does.
/// </summary>
public sealed class CoreOutsideTheKernelTests
{
    [Fact]
    public void A_file_based_app_uses_the_core_with_no_kernel()
    {
        var scratch = Directory.CreateTempSubdirectory("concurrency-lab-app-").FullName;
        try
        {
            var core = RepoPaths.Combine("helpers", "ConcurrencyLab", "ConcurrencyLab.csproj");
            File.WriteAllText(Path.Combine(scratch, "app.cs"), $$"""
                #:project {{core}}
                using ConcurrencyLab;

                var timeline = new Timeline("outside the kernel");
                timeline.Add("toast", "kitchen", TimeSpan.Zero, TimeSpan.FromMilliseconds(100), SpanKind.Cpu);
                timeline.Add("coffee", "machine", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), SpanKind.Waiting);
                Console.WriteLine(timeline.ToGantt().ToText());

                var loop = EventLoop.Virtual();
                async Task Say(string what, int seconds)
                {
                    await loop.Sleep(TimeSpan.FromSeconds(seconds));
                    Console.WriteLine($"{what} at {loop.Time.TotalSeconds:0.0} s");
                }
                loop.Run(async () => { var a = loop.CreateTask(() => Say("hello", 1)); var b = loop.CreateTask(() => Say("world", 2)); await a; await b; });
                """);

            var (exitCode, stdout, stderr) = ExternalTool.Run("dotnet", ["run", "app.cs"], scratch, TimeSpan.FromMinutes(4));

            Assert.True(exitCode == 0, $"dotnet run app.cs exited with {exitCode}:\n{stdout}\n{stderr}");
            Assert.Contains("kitchen |", stdout); // one row per lane
            Assert.Contains("machine |", stdout);
            Assert.Contains("hello at 1.0 s", stdout);
            Assert.Contains("world at 2.0 s", stdout);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
