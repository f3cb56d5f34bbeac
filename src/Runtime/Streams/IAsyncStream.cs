namespace Netra.Runtime.Streams;

/// <summary>Gets streams by id. Registered in every silo and cluster client; grains take it through their constructor.</summary>
public interface IStreamProvider
{
    /// <summary>The stream <paramref name="id"/>, whose items are <typeparamref name="T"/> written as JSON.</summary>
    IAsyncStream<T> GetStream<T>(StreamId id);
}

/// <summary>
/// An ordered, durable log of items with live delivery. Every item gets the next sequence number of its stream, from 1
/// up with no gap. Items are kept for the configured retention (by default 7 days or the last 10,000 items) in
/// PostgreSQL in a cluster, or in memory in the embedded default.
/// </summary>
/// <typeparam name="T">The item type, serialized with System.Text.Json.</typeparam>
public interface IAsyncStream<T>
{
    /// <summary>The stream's id.</summary>
    StreamId Id { get; }

    /// <summary>Appends <paramref name="item"/> once it is durable and returns its sequence number.</summary>
    Task<long> OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Appends <paramref name="items"/> in order, all or none, and returns the sequence number of the last.</summary>
    Task<long> OnNextBatchAsync(IReadOnlyList<T> items, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxCount"/> retained items with a sequence number above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<StreamPage<T>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The sequence number of the last item appended, or 0 if none ever was.</summary>
    Task<long> GetLastSequenceAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers every item above <paramref name="afterSequence"/> to <paramref name="onItems"/>, then every new item as it
    /// is appended: in order, each once, one batch at a time. Pass <see cref="StreamSubscriptionOptions.FromNow"/> to
    /// start from the end. The subscription outlives the silo that hosts the stream: it resubscribes from the last
    /// item it delivered. Dispose it to stop.
    /// </summary>
    Task<StreamSubscription> SubscribeAsync(
        Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems,
        long afterSequence,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="SubscribeAsync"/>, but a push may run <paramref name="onItems"/> on the thread that delivers it
    /// (in this process, the stream grain's own turn, though outside its execution and synchronization contexts)
    /// until the callback first waits, which spares a thread-pool hand-off per push. For callbacks that only queue or
    /// forward what they are given and never block: until the callback yields, the stream's next append waits.
    /// </summary>
    Task<StreamSubscription> SubscribeInlineAsync(
        Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems,
        long afterSequence,
        CancellationToken cancellationToken = default);
}

/// <summary>One item of a stream with its sequence number and the time it was appended.</summary>
public readonly record struct StreamItem<T>(long Sequence, T Value, DateTimeOffset Timestamp);

/// <summary>A page of a stream read.</summary>
/// <param name="Items">The items, oldest first.</param>
/// <param name="LastSequence">The stream's last sequence number when the page was read.</param>
/// <param name="FirstRetained">The lowest sequence number still retained; items below it were trimmed by retention.</param>
public sealed record StreamPage<T>(IReadOnlyList<StreamItem<T>> Items, long LastSequence, long FirstRetained);

/// <summary>Subscription constants.</summary>
public static class StreamSubscriptionOptions
{
    /// <summary>Subscribe from the stream's current end: only items appended after the subscription starts.</summary>
    public const long FromNow = -1;
}
