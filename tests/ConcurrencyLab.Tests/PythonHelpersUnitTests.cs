using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>The Python helpers' own unit tests (helpers/python/tests, unittest), run by <c>dotnet test</c>.</summary>
public sealed class PythonHelpersUnitTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Python_helpers_unit_tests_pass()
    {
        var python = PythonProcess.Require();
        var (exit, stdout, stderr) = PythonProcess.Run(python, PythonProcess.HelpersDir, TimeSpan.FromMinutes(3),
            "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v");
        output.WriteLine(stdout);
        output.WriteLine(stderr); // unittest reports on stderr
        Assert.True(exit == 0, $"python -m unittest failed (exit {exit}):\n{stderr}");
        Assert.Matches(@"Ran \d+ tests", stderr);
        Assert.DoesNotMatch(@"Ran 0 tests", stderr);
    }
}
