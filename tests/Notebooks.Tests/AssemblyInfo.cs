// Notebooks are timing demos: two running at once would distort each other's timings (and the runner runs
// one notebook at a time per process anyway).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
