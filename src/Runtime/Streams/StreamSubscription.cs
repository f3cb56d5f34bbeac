namespace Netra.Runtime.Streams;

/// <summary>A live subscription to a stream. Dispose it to stop delivery and leave the stream.</summary>
public sealed class StreamSubscription : IAsyncDisposable
{
    private readonly IStreamSubscriptionCore _core;

    internal StreamSubscription(IStreamSubscriptionCore core) => _core = core;

    /// <summary>The subscription's id.</summary>
    public Guid Id => _core.Id;

    /// <summary>The stream it reads.</summary>
    public StreamId StreamId => _core.StreamId;

    /// <summary>The sequence number of the last item handed to the callback, or the starting point before any.</summary>
    public long LastDelivered => _core.LastDelivered;

    /// <summary>Completes when the subscription ends: disposed, or failed because the callback threw.</summary>
    public Task Completion => _core.Completion;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}

/// <summary>What a <see cref="StreamSubscription"/> wraps.</summary>
internal interface IStreamSubscriptionCore : IAsyncDisposable
{
    Guid Id { get; }

    StreamId StreamId { get; }

    long LastDelivered { get; }

    Task Completion { get; }
}
