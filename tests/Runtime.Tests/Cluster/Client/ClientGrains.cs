using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Client;

/// <summary>What a gateway's connection listener looks like to grains: an object in the client, called back.</summary>
public interface IRoomObserver : IGrainObserver
{
    Task ReceiveAsync(string text, SiloAddress from);
}

/// <summary>A grain that calls its members back, and one call that waits until its caller cancels it.</summary>
public interface IRoomGrain : IGrainWithStringKey
{
    Task JoinAsync(IRoomObserver member);

    /// <summary>Sends <paramref name="text"/> to every member; returns how many took it.</summary>
    Task<int> PublishAsync(string text);

    /// <summary>Waits until the caller's token is cancelled, then records that it saw the cancellation.</summary>
    Task WaitForCancellationAsync(CancellationToken cancellationToken);

    [AlwaysInterleave]
    Task<bool> IsWaitingAsync();

    [AlwaysInterleave]
    Task<int> CancellationsSeenAsync();
}

public sealed class RoomGrain(LocalSiloDetails silo) : Grain, IRoomGrain
{
    private readonly List<IRoomObserver> _members = [];
    private int _cancellations;
    private bool _waiting;

    public Task JoinAsync(IRoomObserver member)
    {
        _members.Add(member);
        return Task.CompletedTask;
    }

    public async Task<int> PublishAsync(string text)
    {
        await Task.WhenAll(_members.Select(m => m.ReceiveAsync(text, silo.Address)));
        return _members.Count;
    }

    public async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        _waiting = true;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancellations++;
            throw;
        }
        finally
        {
            _waiting = false;
        }
    }

    public Task<bool> IsWaitingAsync() => Task.FromResult(_waiting);

    public Task<int> CancellationsSeenAsync() => Task.FromResult(_cancellations);
}

/// <summary>Collects what a room sends, as a gateway would forward it to a socket.</summary>
public sealed class Inbox : IRoomObserver
{
    private readonly List<(string Text, SiloAddress From)> _received = [];

    public IReadOnlyList<(string Text, SiloAddress From)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public Task ReceiveAsync(string text, SiloAddress from)
    {
        lock (_received)
        {
            _received.Add((text, from));
        }

        return Task.CompletedTask;
    }
}
