using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Netra.Runtime.Streams;

/// <summary>
/// One stream's owner (see <see cref="IStreamGrain"/>). It keeps the last sequence number, read from the log when it
/// activates, and its subscribers' leases. An item is pushed only after the log holds it, so a subscriber that
/// misses a push can always read it back.
/// </summary>
[GrainType(GrainType)]
internal sealed class StreamGrain(IStreamLog log, IOptions<StreamOptions> options, TimeProvider time, ILogger<StreamGrain> logger)
    : Grain, IStreamGrain
{
    public const string GrainType = "netra.stream";

    /// <summary>How many appends pass between trims of the log.</summary>
    private const int TrimEvery = 64;

    private readonly StreamOptions _options = options.Value;
    private readonly Dictionary<Guid, Subscriber> _subscribers = [];
    private StreamId _id;
    private long _last;
    private int _appendsSinceTrim;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = StreamId.Parse(GetPrimaryKeyString());
        _last = await log.GetLastSequenceAsync(_id, cancellationToken);
        await TrimAsync(cancellationToken);
    }

    public async Task<long> AppendAsync(List<byte[]> payloads, CancellationToken cancellationToken)
    {
        if (payloads.Count == 0)
        {
            return _last;
        }

        var records = Number(payloads);
        try
        {
            await log.AppendAsync(_id, _last, records, cancellationToken);
        }
        catch (StreamConflictException)
        {
            // Another activation of this stream appended: take up its count, append after it, and leave the
            // cluster to the one activation that placement now points at.
            StreamLog.StaleActivation(logger, _id.ToString(), _last);
            _last = await log.GetLastSequenceAsync(_id, cancellationToken);
            DeactivateOnIdle();
            records = Number(payloads);
            await log.AppendAsync(_id, _last, records, cancellationToken);
        }

        _last = records[^1].Sequence;
        Push(records);
        if (++_appendsSinceTrim >= TrimEvery)
        {
            await TrimAsync(cancellationToken);
        }

        return _last;
    }

    public async Task<StreamReadResult> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        await log.ReadAsync(_id, Math.Max(0, afterSequence), Math.Clamp(maxCount, 0, _options.PageSize), cancellationToken);

    public Task<long> GetLastSequenceAsync() => Task.FromResult(_last);

    public Task<long> SubscribeAsync(Guid subscriptionId, IStreamConsumer consumer)
    {
        _subscribers[subscriptionId] = new Subscriber(consumer, time.GetUtcNow());
        return Task.FromResult(_last);
    }

    public Task UnsubscribeAsync(Guid subscriptionId)
    {
        _subscribers.Remove(subscriptionId);
        return Task.CompletedTask;
    }

    private List<StreamRecord> Number(List<byte[]> payloads)
    {
        var now = time.GetUtcNow();
        var records = new List<StreamRecord>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            records.Add(new StreamRecord(_last + 1 + i, payloads[i], now));
        }

        return records;
    }

    private void Push(List<StreamRecord> records)
    {
        var expired = time.GetUtcNow() - _options.SubscriberLease;
        List<Guid>? lapsed = null;
        foreach (var (id, subscriber) in _subscribers)
        {
            if (subscriber.RenewedAt < expired)
            {
                (lapsed ??= []).Add(id);
                continue;
            }

            try
            {
                _ = subscriber.Consumer.DeliverAsync(id, records);
            }
            catch (Exception exception)
            {
                // A push is an optimisation: the subscriber reads what it missed from the log at its next renewal.
                StreamLog.PushFailed(logger, exception, _id.ToString(), id);
            }
        }

        foreach (var id in lapsed ?? [])
        {
            _subscribers.Remove(id);
            StreamLog.LeaseLapsed(logger, _id.ToString(), id);
        }
    }

    private Task TrimAsync(CancellationToken cancellationToken)
    {
        _appendsSinceTrim = 0;
        return log.TrimAsync(_id, _last - _options.MaxItemsPerStream, time.GetUtcNow() - _options.Retention, cancellationToken);
    }

    private sealed record Subscriber(IStreamConsumer Consumer, DateTimeOffset RenewedAt);
}
