using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workshop.Tests;

/// <summary>
/// Runs a few C# cells in the genuine .NET Interactive kernel (the tool pinned in .config/dotnet-tools.json),
/// driven by Jupyter's own client (Python's nbclient), and returns each cell's outputs. The notebook is written
/// inside the repository (under artifacts/, not committed) so the kernel finds the local tool manifest.
/// </summary>
internal static class GenuineKernel
{
    private const string Python = "/usr/bin/python3";

    /// <summary>One output of a cell: an error ("Name: message"), printed text, or a display's HTML.</summary>
    public sealed record Output(string? Error, string? Text, string? Html);

    // Executes the notebook with nbclient (errors become outputs) and writes every cell's outputs as JSON.
    private const string Driver = """
        import json, sys
        import nbformat
        from nbclient import NotebookClient
        notebook, folder, result = sys.argv[1:4]
        nb = nbformat.read(notebook, as_version=4)
        NotebookClient(nb, kernel_name='.net-csharp', timeout=240, allow_errors=True,
                       resources={'metadata': {'path': folder}}).execute()
        cells = []
        for cell in nb.cells:
            outputs = []
            for o in cell.get('outputs', []):
                if o['output_type'] == 'error':
                    outputs.append({'Error': o['ename'] + ': ' + o['evalue']})
                elif o['output_type'] == 'stream':
                    outputs.append({'Text': o['text']})
                else:
                    outputs.append({'Html': o.get('data', {}).get('text/html')})
            cells.append(outputs)
        with open(result, 'w') as f:
            json.dump(cells, f)
        """;

    /// <summary>Skips (fails in CI) when Python's nbclient is missing; otherwise runs the cells.</summary>
    public static IReadOnlyList<IReadOnlyList<Output>> Run(params string[] cells)
    {
        var hasClient = File.Exists(Python)
            && ExternalTool.Run(Python, ["-c", "import nbclient, nbformat"], RepoPaths.Root, TimeSpan.FromSeconds(60)).ExitCode == 0;
        if (!hasClient)
        {
            const string message = "Jupyter's client is missing (Debian: apt-get install python3-nbclient python3-nbformat).";
            if (ExternalTool.InCi) Assert.Fail(message + " CI must install it.");
            Skip.If(true, message + " Skipped outside CI.");
        }

        var work = RepoPaths.Combine("artifacts", "kernel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var restore = ExternalTool.Run("dotnet", ["tool", "restore"], RepoPaths.Root, TimeSpan.FromMinutes(3));
            Assert.True(restore.ExitCode == 0, "dotnet tool restore failed: " + restore.StdErr + restore.StdOut);
            Directory.CreateDirectory(Path.Combine(work, "kernels")); // the installer wants the folder to exist
            var install = ExternalTool.Run("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", Path.Combine(work, "kernels")],
                RepoPaths.Root, TimeSpan.FromMinutes(2));
            Assert.True(install.ExitCode == 0, "Installing the kernel spec failed: " + install.StdErr + install.StdOut);

            var notebook = Path.Combine(work, "probe.ipynb");
            File.WriteAllText(notebook, Notebook(cells));
            var driver = Path.Combine(work, "drive.py");
            File.WriteAllText(driver, Driver);
            var result = Path.Combine(work, "outputs.json");

            var run = ExternalTool.Run(Python, [driver, notebook, work, result], work, TimeSpan.FromMinutes(5),
                new Dictionary<string, string> { ["JUPYTER_PATH"] = work });
            Assert.True(run.ExitCode == 0 && File.Exists(result), $"The kernel run failed (exit {run.ExitCode}): {run.StdErr}");
            return JsonSerializer.Deserialize<List<List<Output>>>(File.ReadAllText(result))!;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } // a kernel file still closing
        }
    }

    private static string Notebook(string[] cells)
    {
        var codeCells = new JsonArray(cells.Select(source => (JsonNode)new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(),
            ["source"] = source,
        }).ToArray());
        return new JsonObject
        {
            ["cells"] = codeCells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        }.ToJsonString();
    }
}
