using System.Net.WebSockets;
using System.Threading.Channels;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// One WebSocket of one user. Frames for the client wait in a bounded queue that one loop sends from. Events reach the
/// queue two ways: replayed from the user's stream (on connect, after <c>after_seq</c> or a <c>resume</c>), or
/// offered live by the user's <see cref="UserHub"/>. The connection keeps the sequence number of the last event it
/// queued, so whichever way an event comes, the client gets every one in order, once. A live offer never waits: when
/// the queue is full the client is too slow, and it is closed with a reason rather than allowed to hold anyone up.
/// </summary>
internal sealed partial class ClientConnection
{
    private readonly WebSocket _socket;
    private readonly UserHub _hub;
    private readonly NetraWebSocketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outbox;
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly Lock _gate = new();

    /// <summary>How long a closing client has to answer the close frame before the socket is aborted.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private long _cursor;
    private bool _live;
    private bool _catchingUp;
    private int _generation;
    private long _lastHeard;
    private long _lastSent;
    private CloseReason? _closeReason;

    public ClientConnection(WebSocket socket, UserHub hub, NetraWebSocketOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
        _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
        _lastHeard = time.GetTimestamp();
        _lastSent = _lastHeard;
    }

    public string UserId => _hub.UserId;

    private IAsyncStream<UserEvent> Stream => _hub.Stream;

    /// <summary>Runs the connection until the client leaves, misbehaves, is too slow or goes silent, or the gateway stops.</summary>
    /// <remarks>
    /// Receives are never cancelled, because cancelling a WebSocket receive aborts the socket and the client would
    /// get no close reason. To close, the connection stops its send loop, which sends the close frame last; the
    /// client's reply ends the receive loop. A client that does not reply within <see cref="CloseGrace"/> is aborted.
    /// </remarks>
    public async Task RunAsync(long? afterSeq, Func<ClientAction, Task> onAction, CancellationToken stopping)
    {
        using var onStopping = stopping.Register(() => Close(new CloseReason(WebSocketCloseStatus.EndpointUnavailable, "the gateway is shutting down")));
        var lastSeq = await Stream.GetLastSequenceAsync(_closing.Token);
        Enqueue(Frames.Control("connection_established", w =>
        {
            w.WriteString("user_id", UserId);
            w.WriteNumber("last_seq", lastSeq);
        }, _time));
        StartCatchUp(afterSeq is { } after ? Math.Min(after, lastSeq) : lastSeq);

        var sending = SendLoopAsync();
        var heartbeat = HeartbeatLoopAsync(_closing.Token);
        try
        {
            await ReceiveLoopAsync(onAction);
        }
        catch (WebSocketException)
        {
            // The client went away without a close frame, or was aborted after its close grace.
        }
        finally
        {
            Close(new CloseReason(WebSocketCloseStatus.NormalClosure, "closed"));
            _outbox.Writer.TryComplete();
            await sending;
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Live events from the hub. Never blocks: a full queue closes the connection as too slow.</summary>
    public void OfferLive(EventFrame[] frames)
    {
        lock (_gate)
        {
            if (!_live)
            {
                return; // the catch-up loop reads these from the log
            }

            foreach (var frame in frames)
            {
                if (frame.Sequence <= _cursor)
                {
                    continue;
                }

                if (frame.Sequence != _cursor + 1)
                {
                    StartCatchUpLocked(_cursor); // the hub moved on while this connection was not live: read the gap
                    return;
                }

                if (!_outbox.Writer.TryWrite(frame.Bytes))
                {
                    // The queue is full: this client reads slower than events come. It falls back to reading the log
                    // at its own pace; the heartbeat loop closes it if it stops reading altogether.
                    StartCatchUpLocked(_cursor);
                    return;
                }

                _cursor = frame.Sequence;
            }
        }
    }

    /// <summary>Queues a frame about this connection (a reply, an error, a heartbeat); dropped if the queue is full.</summary>
    public void Enqueue(byte[] frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>Redelivers every event above <paramref name="afterSeq"/> (clamped to the stream's end), then goes on live.</summary>
    public async Task ResumeAsync(long afterSeq)
    {
        var last = await Stream.GetLastSequenceAsync(_closing.Token);
        StartCatchUp(Math.Min(afterSeq, last));
    }

    private void StartCatchUp(long from)
    {
        lock (_gate)
        {
            StartCatchUpLocked(from);
        }
    }

    private void StartCatchUpLocked(long from)
    {
        _live = false;
        _cursor = from;
        _generation++;
        if (!_catchingUp)
        {
            _catchingUp = true;
            _ = Task.Run(CatchUpAsync);
        }
    }

    /// <summary>Replays from the log until this connection has everything the hub has seen, then turns live.</summary>
    private async Task CatchUpAsync()
    {
        try
        {
            while (true)
            {
                long from;
                int generation;
                lock (_gate)
                {
                    if (_cursor >= _hub.LastSeen)
                    {
                        _live = true;
                        _catchingUp = false;
                        return;
                    }

                    from = _cursor;
                    generation = _generation;
                }

                var page = await Stream.ReadAsync(from, 256, _closing.Token);
                var reached = Math.Max(from, Math.Min(page.FirstRetained - 1, page.LastSequence));
                foreach (var item in page.Items)
                {
                    if (Volatile.Read(ref _generation) != generation)
                    {
                        break; // a resume moved the cursor: start again from there
                    }

                    await _outbox.Writer.WriteAsync(Frames.Event(item), _closing.Token);
                    reached = item.Sequence;
                }

                lock (_gate)
                {
                    if (generation == _generation)
                    {
                        _cursor = Math.Max(_cursor, page.Items.Count == 0 ? Math.Max(reached, page.LastSequence) : reached);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            // The connection is closing.
        }
        catch (Exception exception)
        {
            WebSocketLog.CatchUpFailed(_logger, exception, UserId);
            Close(new CloseReason(WebSocketCloseStatus.InternalServerError, "events could not be read; reconnect with after_seq"));
        }
    }

    /// <summary>Closes the connection if its queue is full and nothing could be sent for <see cref="NetraWebSocketOptions.SlowClientTimeout"/>.</summary>
    private bool CloseIfStalled(long now)
    {
        if (_outbox.Reader.Count < _options.SendQueueCapacity
            || _time.GetElapsedTime(Interlocked.Read(ref _lastSent), now) < _options.SlowClientTimeout)
        {
            return false;
        }

        WebSocketLog.SlowClient(_logger, UserId, _options.SendQueueCapacity, _options.SlowClientTimeout);
        Close(new CloseReason(WebSocketCloseStatus.PolicyViolation, "send queue full: the client reads too slowly; reconnect with after_seq"));
        return true;
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

        _outbox.Writer.TryComplete();
        if (!drain)
        {
            _stopSending.Cancel();
        }

        _closing.Cancel();
        _ = AbortAfterGraceAsync();
    }

    /// <summary>Aborts the socket if the close handshake has not finished within <see cref="CloseGrace"/>.</summary>
    private async Task AbortAfterGraceAsync()
    {
        await Task.Delay(CloseGrace, _time);
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
    }

    private sealed record CloseReason(WebSocketCloseStatus Status, string Description);
}
