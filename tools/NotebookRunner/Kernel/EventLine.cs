using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner.Kernel;

/// <summary>Reads one line of the kernel's standard output as an event envelope.</summary>
internal static class EventLine
{
    /// <summary>The event on <paramref name="line"/>, or null when the line is not an event envelope this client can read.</summary>
    public static KernelEvent? TryParse(string line)
    {
        if (!line.StartsWith('{')) return null;
        if (TryDeserialize(line) is { } known) return known;

        // A known event of a command this client has no type for: e.g. "Kernel added: #!python", displayed by
        // #!connect jupyter's ConnectJupyterKernel, whose type lives in a package the runner does not load. All a
        // client needs of the command is its token (it says which cell the event belongs to), so the event is read
        // again with a stand-in command carrying the same token; VS Code shows such an event the same way.
        try
        {
            if (JsonNode.Parse(line) is not JsonObject envelope || envelope["command"]?["token"] is not JsonValue token || envelope["eventType"] is null)
                return null;
            envelope["command"] = new JsonObject
            {
                ["token"] = token.DeepClone(),
                ["commandType"] = nameof(SubmitCode),
                ["command"] = new JsonObject { ["code"] = "" },
            };
            return TryDeserialize(envelope.ToJsonString());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    private static KernelEvent? TryDeserialize(string json)
    {
        try { return KernelEventEnvelope.Deserialize(json).Event; }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException or KeyNotFoundException or NullReferenceException)
        {
            return null; // an event type this client does not know: nothing a notebook output depends on
        }
    }
}
