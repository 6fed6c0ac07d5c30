namespace Notebooks.Tests;

/// <summary>
/// Every test class here is in this one collection (they run one after another anyway: notebooks are timing demos),
/// so that when the last of them is done the kernels <see cref="NotebookRuns"/> started ahead and never used are
/// killed: a kernel whose client is gone does not exit by itself, and the test host may be ended before any
/// process-exit handler has run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookRunsCollection : ICollectionFixture<NotebookRunsCollection.SpareKernels>
{
    public const string Name = "Notebook runs";

    public sealed class SpareKernels : IDisposable
    {
        public void Dispose() => NotebookRuns.KillSpares();
    }
}
