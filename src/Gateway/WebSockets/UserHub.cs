using Netra.Runtime.Streams;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// One user's presence on this gateway: one subscription to <c>user/{userId}</c>, fanned out to every connection of
/// the user here. Each event is written as a frame once, from its stored JSON, and the same bytes go to every connection. Offers never
/// block: a connection that cannot take a frame closes itself, so no connection can slow another.
/// </summary>
internal sealed class UserHub(string userId, IAsyncStream<StreamPayload> stream) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private ClientConnection[] _connections = [];
    private StreamSubscription? _subscription;
    private long _lastSeen;

    public string UserId { get; } = userId;

    /// <summary>The user's stream, read as stored JSON: frames are written from it without deserializing events.</summary>
    public IAsyncStream<StreamPayload> Stream { get; } = stream;

    /// <summary>The highest sequence number this hub has received; connections catch up to it from the log.</summary>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await Stream.SubscribeInlineAsync(OnItemsAsync, StreamSubscriptionOptions.FromNow, cancellationToken);
        Volatile.Write(ref _lastSeen, _subscription.LastDelivered);
    }

    public void Add(ClientConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections, connection];
        }
    }

    /// <summary>Removes <paramref name="connection"/> and returns how many remain.</summary>
    public int Remove(ClientConnection connection)
    {
        lock (_gate)
        {
            _connections = [.. _connections.Where(c => c != connection)];
            return _connections.Length;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private Task OnItemsAsync(IReadOnlyList<StreamItem<StreamPayload>> items, CancellationToken cancellationToken)
    {
        var frames = new EventFrame[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            frames[i] = new EventFrame(items[i].Sequence, Frames.Event(items[i].Sequence, items[i].Value.Utf8Json.Span));
        }

        Volatile.Write(ref _lastSeen, items[^1].Sequence);
        foreach (var connection in Volatile.Read(ref _connections))
        {
            connection.OfferLive(frames);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A frame of the user's stream with its sequence number.</summary>
internal readonly record struct EventFrame(long Sequence, byte[] Bytes);
