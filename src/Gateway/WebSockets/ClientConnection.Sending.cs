using System.Net.WebSockets;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// The connection's send queue and its close. The queue is a plain queue under the connection's lock, made on first
/// use; nothing waits on it while it is empty. Whoever queues a frame when no send is under way becomes the sender and
/// sends on its own thread while sends complete at once, so a live event reaches the socket without a hand-off; a send
/// that must wait continues on the thread pool. Frames queued meanwhile go out back to back.
/// </summary>
internal sealed partial class ClientConnection
{
    private readonly TaskCompletionSource _sendingDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Queue<byte[]>? _queue;
    private TaskCompletionSource? _spaceWaiter;
    private long _lastSent;
    private bool _sending;
    private bool _completed;
    private bool _dropQueued;

    /// <summary>Completes once the close frame has been sent, or could not be.</summary>
    private Task SendingDone => _sendingDone.Task;

    /// <summary>How many frames wait to be sent.</summary>
    private int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _queue?.Count ?? 0;
            }
        }
    }

    /// <summary>Queues a frame about this connection (a reply, an error, a heartbeat); dropped if the queue is full.</summary>
    public void Enqueue(byte[] frame)
    {
        bool start;
        lock (_gate)
        {
            TryQueueLocked(frame);
            start = ClaimSenderLocked();
        }

        StartSending(start);
    }

    /// <summary>Queues <paramref name="frame"/>, waiting while the queue is full (the catch-up path).</summary>
    /// <exception cref="OperationCanceledException">The connection closed.</exception>
    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task space;
            bool start;
            lock (_gate)
            {
                if (_completed)
                {
                    throw new OperationCanceledException("The connection is closing.");
                }

                if (TryQueueLocked(frame))
                {
                    start = ClaimSenderLocked();
                    space = Task.CompletedTask;
                }
                else
                {
                    start = false;
                    _spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    space = _spaceWaiter.Task;
                }
            }

            if (space.IsCompleted)
            {
                StartSending(start);
                return;
            }

            await space.WaitAsync(cancellationToken);
        }
    }

    private bool TryQueueLocked(byte[] frame)
    {
        if (_completed)
        {
            return false;
        }

        _queue ??= new Queue<byte[]>();
        if (_queue.Count >= _options.SendQueueCapacity)
        {
            return false;
        }

        _queue.Enqueue(frame);
        return true;
    }

    /// <summary>Makes the caller the sender if there is something to send (or a close to send) and no sender.</summary>
    private bool ClaimSenderLocked()
    {
        if (_sending || (!_completed && (_queue is null || _queue.Count == 0)))
        {
            return false;
        }

        _sending = true;
        return true;
    }

    private void StartSending(bool start)
    {
        if (start)
        {
            _ = SendAsync();
        }
    }

    /// <summary>Sends queued frames until the queue is empty; once the connection is closing, sends the close frame last.</summary>
    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                byte[]? frame;
                lock (_gate)
                {
                    if (_dropQueued || _queue is null || !_queue.TryDequeue(out frame))
                    {
                        if (!_completed)
                        {
                            _sending = false;
                            return;
                        }

                        break; // closing: the sender stays claimed for good and sends the close frame
                    }

                    if (_spaceWaiter is { } waiter && _queue.Count < _options.SendQueueCapacity)
                    {
                        _spaceWaiter = null;
                        waiter.TrySetResult();
                    }
                }

                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                Interlocked.Exchange(ref _lastSent, _time.GetTimestamp());
                WebSocketTelemetry.FrameSent();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; what is left is the close.
            lock (_gate)
            {
                _dropQueued = true;
                if (!_completed)
                {
                    _sending = false; // Close() claims the sender again and sends the close frame
                    return;
                }
            }
        }

        await SendCloseAsync();
    }

    /// <summary>
    /// Starts closing with <paramref name="reason"/> (the first reason given wins). With <paramref name="drain"/> the
    /// frames already queued (such as the errors that explain the close) go out before the close frame; otherwise
    /// they are dropped.
    /// </summary>
    private void Close(CloseReason reason, bool drain = false)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        bool start;
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _completed = true;
            _dropQueued |= !drain;
            waiter = _spaceWaiter;
            _spaceWaiter = null;
            start = ClaimSenderLocked();
        }

        waiter?.TrySetResult();
        _closing.Cancel();
        StartSending(start);
        _ = AbortAfterGraceAsync();
    }

    /// <summary>Sends the close frame with the reason, if the socket still takes one.</summary>
    private async Task SendCloseAsync()
    {
        try
        {
            var reason = Volatile.Read(ref _closeReason) ?? new CloseReason(WebSocketCloseStatus.NormalClosure, "closed");
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(reason.Status, reason.Description, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            // The client went away first.
        }
        finally
        {
            _sendingDone.TrySetResult();
        }
    }
}
