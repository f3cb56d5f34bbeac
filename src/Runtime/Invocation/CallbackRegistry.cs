using System.Collections.Concurrent;

namespace Netra.Runtime.Invocation;

/// <summary>
/// The calls a silo or client is waiting for. A periodic scan fails the ones past their deadline; one timer serves
/// every call, so a call costs a dictionary insert and removal instead of a timer of its own.
/// </summary>
internal sealed class CallbackRegistry : IDisposable
{
    private readonly ConcurrentDictionary<long, IPendingCall> _pending = new();
    private readonly TimeProvider _time;
    private readonly ITimer _scan;

    public CallbackRegistry(TimeProvider time, TimeSpan scanInterval)
    {
        _time = time;
        _scan = time.CreateTimer(static s => ((CallbackRegistry)s!).Scan(), this, scanInterval, scanInterval);
    }

    public int Count => _pending.Count;

    public void Add(IPendingCall call) => _pending[call.Id] = call;

    public bool TryGet(long id, out IPendingCall call) => _pending.TryGetValue(id, out call!);

    public void Remove(IPendingCall call) => _pending.TryRemove(new KeyValuePair<long, IPendingCall>(call.Id, call));

    /// <summary>Fails every call whose deadline has passed.</summary>
    public void Scan()
    {
        var now = _time.GetTimestamp();
        foreach (var (_, call) in _pending)
        {
            if (call.DeadlineTimestamp <= now)
            {
                call.TimeOut();
            }
        }
    }

    public void Dispose() => _scan.Dispose();
}
