namespace SolutionWriter;

/// <summary>
/// The command line: <c>dotnet run --project tools/SolutionWriter [-- --check]</c> from anywhere in the repository.
/// Exit codes: 0 done (or, with --check, every solution up to date); 1 (--check) a solution differs from what its lesson
/// generates, or has no lesson; 2 bad usage or a lesson that cannot be read, and then nothing is written.
/// </summary>
internal static class SolutionWriterCommand
{
    public const int Success = 0;
    public const int SolutionsDiffer = 1;
    public const int BadInput = 2;

    private const string Usage = """
        Writes notebooks/solutions/NN-*.ipynb from every lesson notebooks/NN-*.ipynb (the lessons are the one source).

        Usage (from the repository root):
          dotnet run --project tools/SolutionWriter              write the solutions that differ
          dotnet run --project tools/SolutionWriter -- --check   write nothing; list the solutions that differ

        A lesson cell's metadata key "concurrency_lab" says what its solution holds (see README.md, "Editing a lesson"):
          {"solution": [cells]}        these cells replace it       {"solution_after": [cells]}  these cells follow it
          {"lesson_only": true}        left out of the solution     a cell is {"cell_type": "code" | "markdown", "source": [lines]}

        Exit codes: 0 done / up to date, 1 (--check) solutions differ, 2 bad usage or a bad lesson (nothing written).
        """;

    public static int Run(string[] args, string workingDirectory, TextWriter output, TextWriter error)
    {
        if (args is ["-h"] or ["--help"])
        {
            output.WriteLine(Usage);
            return Success;
        }
        if (args is not ([] or ["--check"]))
        {
            error.WriteLine($"unknown arguments: {string.Join(' ', args)}");
            error.WriteLine(Usage);
            return BadInput;
        }
        var root = RepositoryRoot.Find(workingDirectory);
        if (root is null)
        {
            error.WriteLine($"no {RepositoryRoot.Marker} above {workingDirectory}: run this from inside the repository.");
            return BadInput;
        }

        IReadOnlyList<SolutionFile> solutions;
        try { solutions = SolutionSet.GenerateAll(root); }
        catch (LessonFormatException e)
        {
            error.WriteLine(e.Message);
            return BadInput;
        }
        if (solutions.Count == 0)
        {
            error.WriteLine($"no lessons (NN-*.ipynb) in {Path.Combine(root, SolutionSet.LessonsFolder)}.");
            return BadInput;
        }
        return args is ["--check"] ? Check(root, solutions, output, error) : Write(root, solutions, output, error);
    }

    private static int Check(string root, IReadOnlyList<SolutionFile> solutions, TextWriter output, TextWriter error)
    {
        var problems = solutions.Where(s => !s.IsUpToDate(root))
            .Select(s => $"{s.Solution}: differs from what {s.Lesson} generates")
            .Concat(SolutionSet.Orphans(root).Select(o => $"{o}: has no lesson (remove it, or restore its lesson)"))
            .ToList();
        if (problems.Count == 0)
        {
            output.WriteLine($"{solutions.Count} solutions are up to date with their lessons.");
            return Success;
        }
        foreach (var problem in problems) error.WriteLine(problem);
        error.WriteLine("Regenerate them with: dotnet run --project tools/SolutionWriter");
        return SolutionsDiffer;
    }

    private static int Write(string root, IReadOnlyList<SolutionFile> solutions, TextWriter output, TextWriter error)
    {
        var written = 0;
        try
        {
            foreach (var solution in solutions)
            {
                if (!SolutionFileWriter.Write(root, solution)) continue;
                output.WriteLine($"wrote {solution.Solution}");
                written++;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return BadInput;
        }
        foreach (var orphan in SolutionSet.Orphans(root))
            error.WriteLine($"warning: {orphan} has no lesson; it was left as it is (remove it, or restore its lesson).");
        output.WriteLine($"{written} of {solutions.Count} solutions written; the others were up to date.");
        return Success;
    }
}
