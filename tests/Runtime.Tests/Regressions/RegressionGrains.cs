using System.Collections.Concurrent;
using Netra.Runtime.Invocation;
using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Regressions;

/// <summary>What regression grains observed, by test-chosen keys.</summary>
public static class Observed
{
    public static readonly ConcurrentDictionary<string, string> Values = new();
}

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Starts a due-now timer that calls <paramref name="target"/>, then holds its turn until the gate opens.</summary>
    Task HoldWithTimerCallingAsync(string target, string gate);

    /// <summary>Asks to be deactivated, then calls <paramref name="via"/>, which calls this grain back.</summary>
    Task<string> LeaveThenCallThroughAsync(string via);

    Task<string> PingAsync();

    /// <summary>Bounces a one-way call between two grains; the last one records the chain it carries.</summary>
    [OneWay]
    Task BounceAsync(string other, int remaining, string observation);
}

public interface IRelayBackGrain : IGrainWithStringKey
{
    Task<string> CallBackAsync(IRelayGrain origin);
}

/// <summary>Calls a relay grain and stays busy afterwards, so the relay's timer tick runs while this one is waiting.</summary>
public interface IOuterGrain : IGrainWithStringKey
{
    Task RunAsync(string relay, string relayGate, string ownGate);

    Task<string> PingAsync();
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task HoldWithTimerCallingAsync(string target, string gate)
    {
        var key = GetPrimaryKeyString();
        RegisterGrainTimer(
            async _ =>
            {
                Observed.Values[$"{key}:timer-chain"] = RuntimeContext.Current?.ToString() ?? "none";
                try
                {
                    Observed.Values[$"{key}:timer-call"] = await GrainFactory.GetGrain<IOuterGrain>(target).PingAsync();
                }
                catch (Exception exception)
                {
                    Observed.Values[$"{key}:timer-call"] = exception.GetType().Name;
                }
            },
            TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
        Observed.Values[$"{key}:holding"] = "yes";
        await Gates.WaitAsync(gate);
    }

    public Task<string> LeaveThenCallThroughAsync(string via)
    {
        DeactivateOnIdle();
        return GrainFactory.GetGrain<IRelayBackGrain>(via).CallBackAsync(this.AsReference<IRelayGrain>());
    }

    public Task<string> PingAsync() => Task.FromResult("pong");

    public Task BounceAsync(string other, int remaining, string observation)
    {
        if (remaining == 0)
        {
            Observed.Values[observation] = (RuntimeContext.Current?.Chain?.Depth ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        return GrainFactory.GetGrain<IRelayGrain>(other).BounceAsync(GetPrimaryKeyString(), remaining - 1, observation);
    }
}

public sealed class RelayBackGrain : Grain, IRelayBackGrain
{
    public Task<string> CallBackAsync(IRelayGrain origin) => origin.PingAsync();
}

public sealed class OuterGrain : Grain, IOuterGrain
{
    public async Task RunAsync(string relay, string relayGate, string ownGate)
    {
        await GrainFactory.GetGrain<IRelayGrain>(relay).HoldWithTimerCallingAsync(GetPrimaryKeyString(), relayGate);
        await Gates.WaitAsync(ownGate);
    }

    public Task<string> PingAsync() => Task.FromResult("outer pong");
}

/// <summary>A scoped service whose disposal throws.</summary>
public sealed class BrokenDisposable : IAsyncDisposable
{
    public ValueTask DisposeAsync() => throw new InvalidOperationException("failed to dispose");
}

public interface IBrokenScopeGrain : IGrainWithStringKey
{
    Task HoldThenLeaveAsync(string gate);

    Task<string> PingAsync();
}

public sealed class BrokenScopeGrain(BrokenDisposable service) : Grain, IBrokenScopeGrain
{
    public async Task HoldThenLeaveAsync(string gate)
    {
        GC.KeepAlive(service);
        DeactivateOnIdle();
        Observed.Values[$"{GetPrimaryKeyString()}:holding"] = "yes";
        await Gates.WaitAsync(gate);
    }

    public Task<string> PingAsync() => Task.FromResult("pong");
}

public interface ISlowStarterGrain : IGrainWithStringKey
{
    Task<string> PingAsync();
}

public sealed class SlowStarterGrain : Grain, ISlowStarterGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        Observed.Values[$"{key}:activating"] = "yes";
        await Gates.WaitAsync(key);
        Observed.Values[$"{key}:activated"] = "yes";
    }

    public Task<string> PingAsync()
    {
        Observed.Values[$"{GetPrimaryKeyString()}:ping"] = "ran";
        return Task.FromResult("pong");
    }
}
