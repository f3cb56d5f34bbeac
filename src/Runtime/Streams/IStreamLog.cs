namespace Netra.Runtime.Streams;

/// <summary>Where streams keep their items: process memory in the embedded default, PostgreSQL in a cluster.</summary>
internal interface IStreamLog
{
    /// <summary>The stream's last sequence number, or 0. It never goes down, even when retention trims every item.</summary>
    Task<long> GetLastSequenceAsync(StreamId stream, CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="records"/>, whose sequence numbers follow <paramref name="expectedLast"/> one by one, if
    /// the stream's last sequence number is still <paramref name="expectedLast"/>.
    /// </summary>
    /// <exception cref="StreamConflictException">Another writer appended first: this activation's view is stale.</exception>
    Task AppendAsync(StreamId stream, long expectedLast, IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> retained items above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<StreamReadResult> ReadAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Drops the stream's items at or below <paramref name="upToSequence"/> and those appended before <paramref name="olderThan"/>.</summary>
    Task TrimAsync(StreamId stream, long upToSequence, DateTimeOffset olderThan, CancellationToken cancellationToken);
}

/// <summary>A stream's log moved on under an activation: another activation of the same stream appended first.</summary>
public sealed class StreamConflictException(string message) : Exception(message);
