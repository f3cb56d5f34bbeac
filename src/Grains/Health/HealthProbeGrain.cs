using Microsoft.Extensions.Options;
using Netra.Runtime;
using Netra.Runtime.Hosting;

namespace Netra.Grains.Health;

/// <summary>Answers readiness probes by writing its state, so a probe fails when storage does.</summary>
public sealed class HealthProbeGrain(
    [PersistentState("probe")] IPersistentState<HealthProbeState> state,
    IOptions<SiloOptions> silo,
    TimeProvider time) : Grain, IHealthProbeGrain
{
    public async Task<HealthProbeReport> ProbeAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        state.State = state.State with { Probes = state.State.Probes + 1, LastProbeAt = time.GetUtcNow() };
        await state.WriteStateAsync(cancellationToken);
        return new HealthProbeReport(
            state.State.Probes, time.GetElapsedTime(started).TotalMilliseconds, state.State.LastProbeAt, silo.Value.Name);
    }
}
