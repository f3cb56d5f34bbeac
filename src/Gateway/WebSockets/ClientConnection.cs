using System.Net.WebSockets;
using Netra.Runtime.Streams;

namespace Netra.Gateway.WebSockets;

/// <summary>
/// One WebSocket of one user. Frames for the client wait in a bounded queue (see ClientConnection.Sending.cs) that is
/// sent from only while it holds frames. Events reach the queue two ways: replayed from the user's stream (on
/// connect, after <c>after_seq</c> or a <c>resume</c>), or offered live by the user's <see cref="UserHub"/>. The
/// connection keeps the sequence number of the last event it queued, so whichever way an event comes, the client gets
/// every one in order, once. A live offer never waits: when the queue is full the client is too slow, and it is
/// closed with a reason rather than allowed to hold anyone up. Heartbeats, the idle close and the slow-client close
/// come from the gateway's one <see cref="ConnectionSweeper"/>, so an idle connection runs no timer of its own.
/// </summary>
internal sealed partial class ClientConnection
{
    private readonly WebSocket _socket;
    private readonly UserHub _hub;
    private readonly NetraWebSocketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();

    /// <summary>How long a closing client has to answer the close frame before the socket is aborted.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);
    private long _cursor;
    private bool _live;
    private bool _catchingUp;
    private int _generation;
    private long _lastHeard;
    private long _lastHeartbeat;
    private CloseReason? _closeReason;

    public ClientConnection(WebSocket socket, UserHub hub, NetraWebSocketOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
        _lastHeard = time.GetTimestamp();
        _lastSent = _lastHeard;
        _lastHeartbeat = _lastHeard;
    }

    public string UserId => _hub.UserId;

    private IAsyncStream<StreamPayload> Stream => _hub.Stream;

    /// <summary>Runs the connection until the client leaves, misbehaves, is too slow or goes silent, or the gateway stops.</summary>
    /// <remarks>
    /// Receives are never cancelled, because cancelling a WebSocket receive aborts the socket and the client would
    /// get no close reason. To close, the connection stops sending, and sends the close frame last; the client's
    /// reply ends the receive loop. A client that does not reply within <see cref="CloseGrace"/> is aborted.
    /// </remarks>
    public async Task RunAsync(long? afterSeq, Func<ClientAction, Task> onAction, ConnectionSweeper sweeper)
    {
        sweeper.Add(this);
        try
        {
            var lastSeq = await Stream.GetLastSequenceAsync(_closing.Token);
            Enqueue(Frames.Control("connection_established", w =>
            {
                w.WriteString("user_id", UserId);
                w.WriteNumber("last_seq", lastSeq);
            }, _time));
            StartCatchUp(afterSeq is { } after ? Math.Min(after, lastSeq) : lastSeq);
            await ReceiveLoopAsync(onAction);
        }
        catch (WebSocketException)
        {
            // The client went away without a close frame, or was aborted after its close grace.
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closed before it was established (the gateway is stopping).
        }
        finally
        {
            sweeper.Remove(this);
            Close(new CloseReason(WebSocketCloseStatus.NormalClosure, "closed"));
            await SendingDone;
        }
    }

    /// <summary>Live events from the hub. Never blocks: a full queue sends the connection back to reading the log.</summary>
    public void OfferLive(EventFrame[] frames)
    {
        bool start;
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
                    break;
                }

                if (!TryQueueLocked(frame.Bytes))
                {
                    // The queue is full: this client reads slower than events come. It falls back to reading the log
                    // at its own pace; the sweeper closes it if it stops reading altogether.
                    StartCatchUpLocked(_cursor);
                    break;
                }

                _cursor = frame.Sequence;
            }

            start = ClaimSenderLocked();
        }

        StartSending(start);
    }

    /// <summary>Redelivers every event above <paramref name="afterSeq"/> (clamped to the stream's end), then goes on live.</summary>
    public async Task ResumeAsync(long afterSeq)
    {
        var last = await Stream.GetLastSequenceAsync(_closing.Token);
        StartCatchUp(Math.Min(afterSeq, last));
    }

    /// <summary>
    /// The sweeper's check, at each of its ticks: closes the connection when it is stalled (queue full and nothing
    /// sent for <see cref="NetraWebSocketOptions.SlowClientTimeout"/>) or idle (nothing heard for
    /// <see cref="NetraWebSocketOptions.IdleTimeout"/>), and otherwise queues a heartbeat when one is due.
    /// </summary>
    /// <param name="now">A timestamp of the connection's <see cref="TimeProvider"/>.</param>
    /// <param name="slack">How early a heartbeat may go: half the sweeper's tick, so ticks that come a little early do not skip one.</param>
    public void Sweep(long now, TimeSpan slack)
    {
        if (Volatile.Read(ref _closeReason) is not null)
        {
            return;
        }

        if (QueuedCount >= _options.SendQueueCapacity
            && _time.GetElapsedTime(Interlocked.Read(ref _lastSent), now) >= _options.SlowClientTimeout)
        {
            WebSocketLog.SlowClient(_logger, UserId, _options.SendQueueCapacity, _options.SlowClientTimeout);
            Close(new CloseReason(WebSocketCloseStatus.PolicyViolation, "send queue full: the client reads too slowly; reconnect with after_seq"));
            return;
        }

        if (_time.GetElapsedTime(Interlocked.Read(ref _lastHeard), now) >= _options.IdleTimeout)
        {
            WebSocketLog.IdleClosed(_logger, UserId, _options.IdleTimeout);
            Close(new CloseReason(WebSocketCloseStatus.NormalClosure, $"idle: nothing received for {_options.IdleTimeout.TotalSeconds:0} s"));
            return;
        }

        if (_time.GetElapsedTime(_lastHeartbeat, now) + slack >= _options.HeartbeatInterval)
        {
            _lastHeartbeat = now;
            Enqueue(Frames.Control("heartbeat", null, _time));
        }
    }

    /// <summary>Closes the connection because the gateway is stopping.</summary>
    public void CloseForShutdown() => Close(new CloseReason(WebSocketCloseStatus.EndpointUnavailable, "the gateway is shutting down"));

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

                    await WriteAsync(Frames.Event(item.Sequence, item.Value.Utf8Json.Span), _closing.Token);
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
        catch (OperationCanceledException)
        {
            // The connection is closing.
        }
        catch (Exception exception)
        {
            WebSocketLog.CatchUpFailed(_logger, exception, UserId);
            Close(new CloseReason(WebSocketCloseStatus.InternalServerError, "events could not be read; reconnect with after_seq"));
        }
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
