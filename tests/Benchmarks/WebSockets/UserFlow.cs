namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// One user's flow control: how far the producer has gone (the last sequence number it emitted or reserved) and how
/// far each of the user's connections has read. A saturating producer may run at most <c>window</c> events ahead of
/// the slowest connection, so the gateway's send queues (1,024 frames) never fill and every event takes the live
/// path, while the pipeline always has work. The same object drives Netra and the raw baseline.
/// </summary>
internal sealed class UserFlow(int connections, int window)
{
    private readonly Lock _gate = new();
    private readonly long[] _read = new long[connections];
    private long _emitted;
    private int _wanted;
    private TaskCompletionSource? _waiter;

    /// <summary>The last sequence number emitted (or reserved for an emit under way).</summary>
    public long Emitted
    {
        get
        {
            lock (_gate)
            {
                return _emitted;
            }
        }
    }

    /// <summary>The last sequence number every connection of the user has read.</summary>
    public long ReadByAll
    {
        get
        {
            lock (_gate)
            {
                return MinRead();
            }
        }
    }

    /// <summary>Starts counting from <paramref name="lastSeq"/>, the user's last event when its connections opened.</summary>
    public void Start(long lastSeq)
    {
        lock (_gate)
        {
            _emitted = lastSeq;
            Array.Fill(_read, lastSeq);
        }
    }

    /// <summary>Reserves <paramref name="count"/> events, waiting while the window is full.</summary>
    public ValueTask ReserveAsync(int count)
    {
        lock (_gate)
        {
            if (_emitted + count - MinRead() <= window)
            {
                _emitted += count;
                return ValueTask.CompletedTask;
            }

            _wanted = count;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_waiter.Task);
        }
    }

    /// <summary>Reserves <paramref name="count"/> events without waiting (the paced producer).</summary>
    public void Reserve(int count)
    {
        lock (_gate)
        {
            _emitted += count;
        }
    }

    /// <summary>Connection <paramref name="connection"/> read the event <paramref name="seq"/>.</summary>
    public void Read(int connection, long seq)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _read[connection] = seq;

            // Wake the producer only when a quarter of the window is free, so a batch-1 producer does not wake per event.
            if (_waiter is not null && _emitted + Math.Max(_wanted, window / 4) - MinRead() <= window)
            {
                _emitted += _wanted;
                wake = _waiter;
                _waiter = null;
            }
        }

        wake?.SetResult();
    }

    private long MinRead()
    {
        var min = _read[0];
        for (var i = 1; i < _read.Length; i++)
        {
            min = Math.Min(min, _read[i]);
        }

        return min;
    }
}
