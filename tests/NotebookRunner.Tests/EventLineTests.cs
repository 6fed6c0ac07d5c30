using Microsoft.DotNet.Interactive.Events;
using NotebookRunner.Kernel;

namespace NotebookRunner.Tests;

/// <summary>Reading the kernel's output lines, including events of commands from packages the runner does not load.</summary>
public class EventLineTests
{
    // Written by the final kernel when a C# cell connects Python (#!connect jupyter sent from inside the cell).
    private const string KernelAddedLine = """
        {"event":{"formattedValues":[{"mimeType":"text/plain","value":"Kernel added: #!python","suppressDisplay":false}],"valueId":"5848c625-5cde-4b43-9fda-7beaeda73b9b"},"eventType":"DisplayedValueProduced","command":{"token":"r3.1.1","commandType":"ConnectJupyterKernel","command":{"condaEnv":null,"kernelSpec":"python3","initScript":null,"url":null,"bearer":false,"token":null,"kernelName":"python","targetKernelName":".NET","originUri":null,"destinationUri":null},"routingSlip":["kernel://pid-24701/?tag=arrived"]},"routingSlip":["kernel://pid-24701/python","kernel://pid-24701/"]}
        """;

    [Fact]
    public void An_event_of_a_command_type_the_runner_does_not_know_is_still_read_with_its_token()
    {
        var parsed = EventLine.TryParse(KernelAddedLine);

        var displayed = Assert.IsType<DisplayedValueProduced>(parsed);
        Assert.Equal("Kernel added: #!python", Assert.Single(displayed.FormattedValues).Value);
        Assert.Equal("r3.1.1", displayed.Command.GetOrCreateToken());
    }

    [Fact]
    public void A_known_event_is_read_as_it_is()
    {
        var line = KernelAddedLine.Replace("\"commandType\":\"ConnectJupyterKernel\",\"command\":{\"condaEnv\":null,\"kernelSpec\":\"python3\",\"initScript\":null,\"url\":null,\"bearer\":false,\"token\":null,\"kernelName\":\"python\",\"targetKernelName\":\".NET\",\"originUri\":null,\"destinationUri\":null}",
            "\"commandType\":\"SubmitCode\",\"command\":{\"code\":\"1+1\",\"targetKernelName\":\"csharp\"}");

        var parsed = Assert.IsType<DisplayedValueProduced>(EventLine.TryParse(line));
        Assert.Equal("1+1", Assert.IsType<Microsoft.DotNet.Interactive.Commands.SubmitCode>(parsed.Command).Code);
    }

    [Theory]
    [InlineData("Welcome to the kernel")]          // plain text the process wrote past the kernel
    [InlineData("{not json")]
    [InlineData("{\"eventType\":\"NoSuchEvent\",\"event\":{},\"command\":{\"token\":\"r1\",\"commandType\":\"SubmitCode\",\"command\":{\"code\":\"\"}}}")]
    [InlineData("{\"hello\":1}")]
    public void A_line_that_is_no_readable_event_is_left_to_the_caller(string line)
    {
        Assert.Null(EventLine.TryParse(line));
    }
}
