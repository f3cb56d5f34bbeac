using System.Text.Json;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Invocation;

namespace Netra.Runtime.Streams;

/// <summary>
/// The subscribing end of one subscription. Pushes, renewals and gap checks become signals that one pump handles
/// in turn, so the callback sees items strictly in sequence order, each once: an item at or below the last delivered
/// is dropped, and one that arrives ahead of a gap waits in <see cref="_pendingItems"/> for the gap to fill, by a late push
/// or, after <see cref="StreamOptions.GapWait"/>, by a read of the log. A renewal re-registers the subscription with
/// whichever activation now owns the stream and learns its last sequence number, so a stream that moved to another
/// silo, or pushes that were lost, cost only latency.
/// </summary>
internal sealed partial class StreamSubscriptionCore<T> : IStreamConsumer, IStreamSubscriptionCore, IInlineObserver
{
    private readonly IGrainFactory _factory;
    private readonly IStreamGrain _grain;
    private readonly Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> _onItems;
    private readonly StreamOptions _options;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<StreamSubscriptionCore<T>> _onEnded;
    private SortedDictionary<long, StreamRecord>? _pendingItems;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IStreamConsumer? _self;
    private ITimer? _renewTimer;
    private ITimer? _gapTimer;
    private long _knownLast;
    private long _lastDelivered;
    private bool _gapArmed;
    private int _disposed;

    public StreamSubscriptionCore(
        IGrainFactory factory, StreamId streamId, Func<IReadOnlyList<StreamItem<T>>, CancellationToken, Task> onItems,
        StreamOptions options, JsonSerializerOptions json, TimeProvider time, ILogger logger, Action<StreamSubscriptionCore<T>> onEnded,
        bool deliverInline = false)
    {
        _deliverInline = deliverInline;
        _factory = factory;
        StreamId = streamId;
        _grain = factory.GetGrain<IStreamGrain>(streamId.ToString());
        _onItems = onItems;
        _options = options;
        _json = json;
        _time = time;
        _logger = logger;
        _onEnded = onEnded;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public StreamId StreamId { get; }

    public long LastDelivered => Volatile.Read(ref _lastDelivered);

    public Task Completion => _completion.Task;

    public async Task StartAsync(long afterSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(afterSequence, StreamSubscriptionOptions.FromNow);
        _self = _factory.CreateObjectReference<IStreamConsumer>(this);
        try
        {
            _knownLast = await _grain.SubscribeAsync(Id, _self).WaitAsync(cancellationToken);
        }
        catch
        {
            _factory.DeleteObjectReference(_self);
            throw;
        }

        _lastDelivered = afterSequence == StreamSubscriptionOptions.FromNow ? _knownLast : afterSequence;
        // The pump and the renewal timer outlive the call that subscribed: they must not run in its execution context,
        // or every renewal and delivery (and all the work a callback starts) would join that request's trace, and
        // keep it alive, for the subscription's whole life.
        using (ExecutionContext.SuppressFlow())
        {
            _renewTimer = _time.CreateTimer(static s => ((StreamSubscriptionCore<T>)s!).Renew(), this, _options.RenewInterval, _options.RenewInterval);
            _ = Task.Run(StartPump, CancellationToken.None);
        }
    }

    /// <summary>Asks for a renewal now: membership changed, so the stream may have moved.</summary>
    public void Renew() => Post(new Signal(SignalKind.Renew, null), inline: false);

    public Task DeliverAsync(Guid subscriptionId, List<StreamRecord> items)
    {
        Post(new Signal(SignalKind.Items, items), inline: _deliverInline);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CompleteSignals();
        await _stop.CancelAsync();
        _renewTimer?.Dispose();
        _gapTimer?.Dispose();
        try
        {
            await _grain.UnsubscribeAsync(Id);
        }
        catch (Exception exception)
        {
            StreamLog.RenewFailed(_logger, exception, StreamId.ToString(), Id); // the lease lapses on its own
        }

        if (_self is not null)
        {
            _factory.DeleteObjectReference(_self);
        }

        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Items that arrived ahead of a gap, by sequence number; made when first needed.</summary>
    private SortedDictionary<long, StreamRecord> Pending => _pendingItems ??= [];

    private async Task HandleAsync(Signal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.Items when IsNextRun(signal.Items!):
                // The common case: the push follows the last delivered item and nothing waits ahead of a gap.
                await DeliverRunAsync(signal.Items!);
                _knownLast = Math.Max(_knownLast, _lastDelivered);
                ArmGapCheck();
                return;
            case SignalKind.Items:
                foreach (var record in signal.Items!)
                {
                    if (record.Sequence > _lastDelivered)
                    {
                        Pending[record.Sequence] = record;
                        _knownLast = Math.Max(_knownLast, record.Sequence);
                    }
                }

                await DrainAsync();
                ArmGapCheck();
                return;
            case SignalKind.Renew:
                try
                {
                    _knownLast = Math.Max(_knownLast, await _grain.SubscribeAsync(Id, _self!).WaitAsync(_stop.Token));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    StreamLog.RenewFailed(_logger, exception, StreamId.ToString(), Id);
                    return;
                }

                await CatchUpAsync();
                return;
            default:
                _gapArmed = false;
                await CatchUpAsync();
                return;
        }
    }

    /// <summary>Reads the log until the callback has every item up to the last one known.</summary>
    private async Task CatchUpAsync()
    {
        while (_lastDelivered < _knownLast)
        {
            StreamReadResult page;
            try
            {
                page = await _grain.ReadAsync(_lastDelivered, _options.PageSize, _stop.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                StreamLog.CatchUpFailed(_logger, exception, StreamId.ToString(), Id);
                ArmGapCheck(force: true);
                return;
            }

            _knownLast = Math.Max(_knownLast, page.LastSequence);
            if (page.FirstRetained > _lastDelivered + 1)
            {
                StreamLog.Trimmed(_logger, StreamId.ToString(), Id, _lastDelivered + 1, page.FirstRetained - 1);
                _lastDelivered = page.FirstRetained - 1;
            }

            foreach (var record in page.Items)
            {
                Pending.TryAdd(record.Sequence, record);
            }

            var before = _lastDelivered;
            await DrainAsync();
            if (_lastDelivered == before)
            {
                break; // nothing more to read now
            }
        }
    }

    /// <summary>Hands the callback the run of pending items that follows the last delivered, in one batch per page.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            List<StreamItem<T>>? batch = null;
            var next = _lastDelivered + 1;
            while ((batch?.Count ?? 0) < _options.PageSize && _pendingItems is not null && _pendingItems.Remove(next, out var record))
            {
                (batch ??= []).Add(new StreamItem<T>(record.Sequence, StreamCodec<T>.Decode(record.Payload, _json), record.Timestamp));
                next++;
            }

            DropDelivered();
            if (batch is null)
            {
                return;
            }

            await _onItems(batch, _stop.Token);
            Volatile.Write(ref _lastDelivered, batch[^1].Sequence);
            DropDelivered();
        }
    }

    private void DropDelivered()
    {
        while (_pendingItems is { Count: > 0 })
        {
            var first = _pendingItems.Keys.First();
            if (first > _lastDelivered)
            {
                return;
            }

            _pendingItems.Remove(first);
        }
    }

    private void ArmGapCheck(bool force = false)
    {
        if (_gapArmed || (!force && _pendingItems is not { Count: > 0 } && _knownLast <= _lastDelivered))
        {
            return;
        }

        _gapArmed = true;
        var wait = force ? _options.RenewInterval / 5 : _options.GapWait;
        _gapTimer?.Dispose();
        _gapTimer = _time.CreateTimer(
            static s => ((StreamSubscriptionCore<T>)s!).Post(new Signal(SignalKind.GapCheck, null), inline: false),
            this, wait, Timeout.InfiniteTimeSpan);
    }

}
