using System.Diagnostics;
using Microsoft.CodeAnalysis;
using NotebookRunner.Notebook;

namespace NotebookRunner.Execution;

/// <summary>What running one code cell means: its kernel directives first, then its C# code.</summary>
internal static class CellWork
{
    public static async Task RunAsync(
        NotebookCell cell, CellDirectives directives, string notebookPath, ScriptSession session,
        PackageSet packages, CellContext context, CancellationToken cancellationToken)
    {
        if (directives.Problems.Count > 0)
        {
            context.Add(new ErrorOutput("DirectiveError", string.Join("\n", directives.Problems),
                [.. directives.Problems.Select(p => $"cell {cell.Number}, {p}")]));
            return;
        }

        foreach (var source in directives.PackageSources)
            packages.AddSource(source);
        if (directives.Packages.Count > 0)
        {
            var restored = await packages.RestoreAsync(directives.Packages, cancellationToken);
            if (restored.Error is not null)
            {
                context.Add(new ErrorOutput("NuGetRestoreError", restored.Error, [$"cell {cell.Number}: {restored.Error}"]));
                return;
            }
            session.AddReferences(restored.AssemblyPaths);
            context.AddDisplay(new Dictionary<string, string>
            {
                ["text/plain"] = "Installed Packages\n" + string.Join("\n", restored.Installed.Select(p => $"  {p.Name}, {p.Version}")),
            });
        }

        foreach (var import in directives.Imports)
            if (!await ImportAsync(cell, import, session, context, cancellationToken))
                return;

        if (string.IsNullOrWhiteSpace(directives.Code)) return;

        var clock = Stopwatch.StartNew();
        var cellFile = $"{notebookPath}#cell{cell.Number}";
        var outcome = await session.RunAsync(directives.Code, cellFile, cancellationToken);
        clock.Stop();
        Report(cell.Number, cellFile, outcome, context);
        // Word for word what the kernel's #!time displays (plain text, unrounded milliseconds, no space before "ms").
        if (directives.Time)
            context.AddDisplay(new Dictionary<string, string> { ["text/plain"] = $"Wall time: {clock.Elapsed.TotalMilliseconds}ms" });
    }

    /// <summary>#!import: a .cs/.csx file is submitted as code; a notebook's C# cells are run in order.</summary>
    private static async Task<bool> ImportAsync(NotebookCell cell, string import, ScriptSession session, CellContext context, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(import, session.BaseDirectory);
        if (!File.Exists(path))
        {
            context.Add(new ErrorOutput("ImportError", $"#!import: file not found: {path}", [$"cell {cell.Number}: #!import: file not found: {path}"]));
            return false;
        }
        IEnumerable<(string Code, string File)> parts;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".cs" or ".csx")
            parts = [(await File.ReadAllTextAsync(path, cancellationToken), path)];
        else if (extension is ".ipynb" or ".dib")
        {
            if (extension == ".dib")
            {
                context.Add(new ErrorOutput("ImportError", "#!import of .dib files is not supported by the runner; use .ipynb, .cs or .csx.", [$"cell {cell.Number}: #!import {import}: .dib is not supported"]));
                return false;
            }
            var imported = NotebookDocument.Load(path);
            // Only its C# cells: cells for other kernels are skipped there too.
            parts = imported.Cells.Where(c => c.IsCode && c.KernelName is "csharp" or "C#" or "c#")
                .Select(c => (Directives: CellDirectives.Parse(c.Source), c.Number))
                .Where(c => c.Directives.OtherKernel is null)
                .Select(c => (c.Directives.Code, $"{path}#cell{c.Number}"));
        }
        else
        {
            context.Add(new ErrorOutput("ImportError", $"#!import supports .cs, .csx and .ipynb files, not '{extension}'.", [$"cell {cell.Number}: #!import {import}: unsupported file type"]));
            return false;
        }
        foreach (var (code, file) in parts)
        {
            if (string.IsNullOrWhiteSpace(code)) continue;
            var outcome = await session.RunAsync(code, file, cancellationToken);
            if (!Report(cell.Number, file, outcome, context)) return false;
        }
        return true;
    }

    /// <returns>True if the submission succeeded.</returns>
    private static bool Report(int cellNumber, string cellFile, SubmissionOutcome outcome, CellContext context)
    {
        if (!outcome.CompileErrors.IsDefaultOrEmpty)
        {
            var lines = outcome.CompileErrors.Select(d => Describe(d, cellNumber, cellFile)).ToArray();
            var kernelStyle = outcome.CompileErrors.Select(d =>
            {
                var span = d.Location.GetMappedLineSpan();
                return $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
            });
            context.Add(new ErrorOutput("CompilationError", string.Join("\n", kernelStyle), lines));
            return false;
        }
        if (outcome.Exception is { } e)
        {
            var line = LineInCell(e, cellFile);
            var where = line is null ? $"cell {cellNumber}" : $"cell {cellNumber}, line {line}";
            var traceback = new List<string> { $"{where}: {e.GetType().FullName}: {e.Message}" };
            traceback.AddRange(e.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
            context.Add(new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message, traceback));
            return false;
        }
        if (outcome.HasReturnValue)
            context.Add(new ResultOutput(ValueFormatter.Format(outcome.ReturnValue)));
        return true;
    }

    private static string Describe(Diagnostic d, int cellNumber, string cellFile)
    {
        var span = d.Location.GetMappedLineSpan();
        var line = span.StartLinePosition.Line + 1;
        var column = span.StartLinePosition.Character + 1;
        var where = !d.Location.IsInSource || span.Path == cellFile
            ? $"cell {cellNumber}, line {line}"
            : $"cell {cellNumber}: {span.Path}({line},{column})";
        return $"{where}: error {d.Id}: {d.GetMessage()}";
    }

    private static int? LineInCell(Exception e, string cellFile)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            var frames = new StackTrace(x, fNeedFileInfo: true).GetFrames();
            foreach (var frame in frames)
                if (frame.GetFileName() == cellFile && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
        }
        return null;
    }
}
