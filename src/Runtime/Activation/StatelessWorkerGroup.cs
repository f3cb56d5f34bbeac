using Netra.Runtime.Invocation;

namespace Netra.Runtime.Activation;

/// <summary>
/// The local activations of one stateless-worker grain id. A message goes to an idle worker, or to a new one while
/// fewer than the maximum exist, or else to the least-loaded worker. Each worker is an ordinary non-reentrant
/// activation, so a tool-like grain gets parallelism by count, not by interleaving.
/// </summary>
internal sealed class StatelessWorkerGroup(SiloContext silo, GrainId grainId, GrainClassMetadata metadata, int maxWorkers) : IActivationTarget
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _workers = [];
    private bool _retired;

    public GrainId GrainId => grainId;

    public int MaxWorkers => maxWorkers;

    public IReadOnlyList<ActivationData> Workers
    {
        get
        {
            lock (_lock)
            {
                return [.. _workers];
            }
        }
    }

    public void Start()
    {
    }

    public void Receive(Message message)
    {
        ActivationData? target = null;
        lock (_lock)
        {
            if (!_retired)
            {
                target = Pick();
            }
        }

        if (target is null)
        {
            // This group retired a moment ago. Make sure the catalog has forgotten it (idempotent) before asking it
            // for a fresh one, or the catalog would hand the message straight back here.
            silo.Catalog.OnGroupRetired(this);
            silo.Catalog.Deliver(message);
            return;
        }

        target.Receive(message);
    }

    private ActivationData Pick()
    {
        ActivationData? leastLoaded = null;
        foreach (var worker in _workers)
        {
            if (worker.State is ActivationState.Deactivating or ActivationState.Invalid)
            {
                continue;
            }

            if (worker.Load == 0)
            {
                return worker;
            }

            if (leastLoaded is null || worker.Load < leastLoaded.Load)
            {
                leastLoaded = worker;
            }
        }

        if (leastLoaded is not null && _workers.Count >= maxWorkers)
        {
            return leastLoaded;
        }

        var created = new ActivationData(silo, grainId, metadata) { Group = this };
        _workers.Add(created);
        created.Start();
        return created;
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers.Remove(worker);
            if (_workers.Count > 0)
            {
                return;
            }

            _retired = true;
        }

        silo.Catalog.OnGroupRetired(this);
    }
}
