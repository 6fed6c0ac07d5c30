namespace ConcurrencyLab;

/// <summary>
/// The shop's machines for a real run: a clerk claims the lowest-numbered free one, blocking (sync clerk) or
/// awaiting (async clerk) while all are taken, and releases it when his order's last machine step ends.
/// </summary>
internal sealed class MachinePool(int machines) : IDisposable
{
    private readonly SemaphoreSlim _free = new(machines, machines);
    private readonly bool[] _taken = new bool[machines];

    public int Claim()
    {
        _free.Wait();
        return TakeLowest();
    }

    public async Task<int> ClaimAsync()
    {
        await _free.WaitAsync().ConfigureAwait(false);
        return TakeLowest();
    }

    public void Release(int machine)
    {
        lock (_taken) _taken[machine] = false;
        _free.Release();
    }

    public void Dispose() => _free.Dispose();

    private int TakeLowest()
    {
        lock (_taken)
        {
            var machine = Array.IndexOf(_taken, false); // the semaphore guarantees one is free
            _taken[machine] = true;
            return machine;
        }
    }
}
