using Netra.Runtime.Invocation;

namespace Netra.Runtime.Tests.Context;

/// <summary>Says which user value and which grain the runtime's context names, in a request and in a timer tick.</summary>
public interface IContextGrain : IGrainWithStringKey
{
    /// <summary>The request context's user and the current grain, as this grain sees them.</summary>
    Task<(string? User, string? Grain)> SeeAsync();

    /// <summary>What <paramref name="other"/> sees when this grain calls it.</summary>
    Task<(string? User, string? Grain)> RelayAsync(IContextGrain other);

    /// <summary>Sets the user to <paramref name="user"/>, then returns what <paramref name="other"/> sees.</summary>
    Task<(string? User, string? Grain)> SetAndRelayAsync(string user, IContextGrain other);

    /// <summary>Starts a one-shot timer that records what its tick sees.</summary>
    Task StartTimerAsync();

    /// <summary>What the timer's tick saw, once it ran.</summary>
    Task<(bool Ticked, string? User, string? Grain)> TimerSawAsync();
}

public sealed class ContextGrain : Grain, IContextGrain
{
    private (bool Ticked, string? User, string? Grain) _timerSaw;

    public Task<(string? User, string? Grain)> SeeAsync() => Task.FromResult(Seen());

    public async Task<(string? User, string? Grain)> RelayAsync(IContextGrain other)
    {
        await Task.Yield(); // the context must survive the grain's own awaits
        return await other.SeeAsync();
    }

    public Task<(string? User, string? Grain)> SetAndRelayAsync(string user, IContextGrain other)
    {
        RequestContext.Set(RequestContext.UserIdKey, user);
        return other.SeeAsync();
    }

    public Task StartTimerAsync()
    {
        RegisterGrainTimer(
            static async (self, _) =>
            {
                await Task.Yield();
                self._timerSaw = (true, Seen().User, Seen().Grain);
            },
            this,
            new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task<(bool Ticked, string? User, string? Grain)> TimerSawAsync() => Task.FromResult(_timerSaw);

    private static (string? User, string? Grain) Seen() =>
        (RequestContext.Get(RequestContext.UserIdKey), GrainContext.Current?.ToString());
}
