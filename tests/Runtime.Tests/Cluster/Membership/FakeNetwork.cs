using System.Collections.Concurrent;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>
/// The probes between test silos. A killed silo refuses connections (a probe fails at once, as after SIGKILL on a
/// live host) or hangs (a probe times out, as when the host is gone). Links can be cut one way.
/// </summary>
public sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, bool> _down = new();
    private readonly ConcurrentDictionary<(int From, int To), bool> _cut = new();
    private int _probes;

    public int Probes => Volatile.Read(ref _probes);

    /// <summary>Probes of <paramref name="silo"/> fail from now on: at once, or by hanging until they time out.</summary>
    public void Kill(SiloAddress silo, bool hang = false) => _down[silo] = hang;

    /// <summary>Probes from the silo on port <paramref name="fromPort"/> to the one on <paramref name="toPort"/> fail.</summary>
    public void Cut(int fromPort, int toPort) => _cut[(fromPort, toPort)] = true;

    public ISiloProber ProberFor(int port) => new Prober(this, port);

    private sealed class Prober(FakeNetwork network, int port) : ISiloProber
    {
        public async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref network._probes);
            if (network._down.TryGetValue(target, out var hang) && hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return !network._down.ContainsKey(target) && !network._cut.ContainsKey((port, target.Port));
        }
    }
}
