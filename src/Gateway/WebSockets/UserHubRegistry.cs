using Microsoft.Extensions.Options;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// The <see cref="UserHub"/> of each user connected to this gateway. A hub starts with the user's first connection
/// and stops a while after the last one closes (<see cref="NetraWebSocketOptions.HubLinger"/>), so a reconnect
/// finds it still subscribed.
/// </summary>
internal sealed class UserHubRegistry(IStreamProvider streams, IOptions<NetraWebSocketOptions> options, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _hubs = new(StringComparer.Ordinal);

    /// <summary>How many users have a hub here.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _hubs.Count;
            }
        }
    }

    public async Task<UserHub> AcquireAsync(string userId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_hubs.TryGetValue(userId, out entry!) || entry.Hub.IsFaulted)
            {
                var hub = new UserHub(userId, streams.GetStream<StreamPayload>(UserStreams.For(userId)));
                entry = new Entry(StartAsync(hub));
                _hubs[userId] = entry;
            }

            entry.References++;
            entry.Linger?.Dispose();
            entry.Linger = null;
        }

        try
        {
            return await entry.Hub.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(userId);
            throw;
        }
    }

    public void Release(string userId)
    {
        lock (_gate)
        {
            if (!_hubs.TryGetValue(userId, out var entry) || --entry.References > 0)
            {
                return;
            }

            entry.Linger = time.CreateTimer(_ => Expire(userId, entry), null, options.Value.HubLinger, Timeout.InfiniteTimeSpan);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Entry> entries;
        lock (_gate)
        {
            entries = [.. _hubs.Values];
            _hubs.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Linger?.Dispose();
            if (entry.Hub.IsCompletedSuccessfully)
            {
                await entry.Hub.Result.DisposeAsync();
            }
        }
    }

    private static async Task<UserHub> StartAsync(UserHub hub)
    {
        await hub.StartAsync(CancellationToken.None);
        return hub;
    }

    private void Expire(string userId, Entry entry)
    {
        lock (_gate)
        {
            if (entry.References > 0 || !_hubs.TryGetValue(userId, out var current) || current != entry)
            {
                return;
            }

            _hubs.Remove(userId);
            entry.Linger?.Dispose();
        }

        if (entry.Hub.IsCompletedSuccessfully)
        {
            _ = entry.Hub.Result.DisposeAsync().AsTask();
        }
    }

    private sealed class Entry(Task<UserHub> started)
    {
        public Task<UserHub> Hub { get; } = started;

        public int References { get; set; }

        public ITimer? Linger { get; set; }
    }
}
