namespace ConcurrencyLab;

/// <summary>What it cost to have <see cref="Count"/> waiters alive at once, and to start and finish them.</summary>
/// <param name="What">"threads" or "tasks".</param>
/// <param name="Count">How many were started.</param>
/// <param name="Elapsed">From the first start until every one had finished.</param>
/// <param name="WorkingSetBytes">Growth of the process's working set (resident memory, native and managed)
/// between before the first start and the moment all of them were alive and waiting.</param>
/// <param name="ManagedBytes">Bytes allocated on the managed heap meanwhile (GC.GetTotalAllocatedBytes).</param>
public sealed record CostMeasurement(string What, int Count, TimeSpan Elapsed, long WorkingSetBytes, long ManagedBytes)
{
    /// <summary>The larger of the two memory readings, per item: a thread's cost is mostly native (its
    /// stack), a task's is all managed (a small object on the heap), so each shows in a different reading.</summary>
    public double BytesPerItem => Math.Max(WorkingSetBytes, ManagedBytes) / (double)Count;

    /// <summary>Microseconds per item, start to finish.</summary>
    public double MicrosecondsPerItem => Elapsed.TotalMicroseconds / Count;
}
