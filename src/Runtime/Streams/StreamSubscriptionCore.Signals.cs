namespace Netra.Runtime.Streams;

/// <summary>
/// The subscription's signals (pushes, renewals, gap checks) and the one pump that handles them in turn. The queue is
/// a plain queue under a lock, and nothing waits on it while it is empty: whoever posts a signal while no pump runs
/// becomes the pump. A renewal or a gap check starts it on the thread pool; a push to a subscription made with
/// inline delivery runs it on the pushing thread (the stream grain's turn), outside that turn's execution and
/// synchronization contexts, until the callback first waits, which spares a hand-off per push.
/// </summary>
internal sealed partial class StreamSubscriptionCore<T>
{
    private readonly Lock _signalGate = new();
    private readonly bool _deliverInline;
    private Queue<Signal>? _signalQueue;
    private ExecutionContext? _pumpContext;
    private bool _pumping = true; // until the first catch-up has run, signals only queue
    private bool _signalsClosed;

    private enum SignalKind
    {
        Items,
        Renew,
        GapCheck,
    }

    /// <summary>Runs on the thread pool, outside the subscriber's execution context: the first catch-up, then the queue.</summary>
    private void StartPump()
    {
        _pumpContext = ExecutionContext.Capture();
        _ = PumpAsync(catchUpFirst: true);
    }

    private void Post(Signal signal, bool inline)
    {
        lock (_signalGate)
        {
            if (_signalsClosed)
            {
                return;
            }

            (_signalQueue ??= new Queue<Signal>()).Enqueue(signal);
            if (_pumping)
            {
                return;
            }

            _pumping = true;
        }

        if (inline && _pumpContext is { } context)
        {
            var synchronization = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                ExecutionContext.Run(context, static s => _ = ((StreamSubscriptionCore<T>)s!).PumpAsync(catchUpFirst: false), this);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(synchronization);
            }

            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.PumpAsync(catchUpFirst: false), this, preferLocal: false);
    }

    /// <summary>Stops taking signals; ends the subscription at once if no pump runs, else when the pump next looks.</summary>
    private void CompleteSignals()
    {
        lock (_signalGate)
        {
            _signalsClosed = true;
            if (_pumping)
            {
                return;
            }

            _pumping = true;
        }

        _completion.TrySetResult();
        _onEnded(this);
    }

    /// <summary>Handles signals until none is left (then another post starts it again) or the subscription ends.</summary>
    private async Task PumpAsync(bool catchUpFirst)
    {
        try
        {
            if (catchUpFirst)
            {
                await CatchUpAsync();
            }

            while (true)
            {
                Signal signal;
                lock (_signalGate)
                {
                    if (_signalsClosed)
                    {
                        break;
                    }

                    if (_signalQueue is null || !_signalQueue.TryDequeue(out signal))
                    {
                        _pumping = false;
                        return;
                    }
                }

                _stop.Token.ThrowIfCancellationRequested();
                await HandleAsync(signal);
            }

            _completion.TrySetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            StreamLog.CallbackFailed(_logger, exception, StreamId.ToString(), Id);
            _completion.TrySetException(exception);
            _ = DisposeAsync().AsTask();
        }

        _onEnded(this);
    }

    private readonly record struct Signal(SignalKind Kind, List<StreamRecord>? Items);
}
