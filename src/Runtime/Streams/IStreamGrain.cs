namespace Netra.Runtime.Streams;

/// <summary>One stored item: its sequence number, its JSON payload and when it was appended.</summary>
internal sealed record StreamRecord(long Sequence, byte[] Payload, DateTimeOffset Timestamp);

/// <summary>A read from a stream's log.</summary>
/// <param name="Items">The items, oldest first.</param>
/// <param name="LastSequence">The stream's last sequence number.</param>
/// <param name="FirstRetained">The lowest retained sequence number (<c>LastSequence + 1</c> when none is retained).</param>
internal sealed record StreamReadResult(List<StreamRecord> Items, long LastSequence, long FirstRetained);

/// <summary>
/// The owner of one stream, keyed by the stream id (<c>{namespace}/{key}</c>) and placed by hash. It hands out
/// sequence numbers, appends to the durable log before anyone sees an item, and pushes new items to its subscribers.
/// Its subscribers are leases held in memory: a subscription renews itself, so a stream that moves to another silo
/// learns its subscribers again within one renew interval.
/// </summary>
internal interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>Appends the payloads in order, durably, and returns the last sequence number given.</summary>
    Task<long> AppendAsync(List<byte[]> payloads, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> items above <paramref name="afterSequence"/>.</summary>
    Task<StreamReadResult> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Adds or renews the subscriber <paramref name="subscriptionId"/> and returns the last sequence number.</summary>
    Task<long> SubscribeAsync(Guid subscriptionId, IStreamConsumer consumer);

    /// <summary>The last sequence number given, or 0.</summary>
    Task<long> GetLastSequenceAsync();

    /// <summary>Forgets the subscriber.</summary>
    [OneWay]
    Task UnsubscribeAsync(Guid subscriptionId);
}

/// <summary>The receiving end of a subscription, in the subscribing process.</summary>
internal interface IStreamConsumer : IGrainObserver
{
    /// <summary>New items of the stream, in order. Deliveries can arrive out of order or not at all; the consumer fills gaps from the log.</summary>
    [OneWay]
    Task DeliverAsync(Guid subscriptionId, List<StreamRecord> items);
}
