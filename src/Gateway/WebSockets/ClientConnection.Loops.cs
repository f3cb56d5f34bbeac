using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Netra.Gateway.WebSockets;

/// <summary>The connection's receive, send and heartbeat loops, and its close.</summary>
internal sealed partial class ClientConnection
{
    /// <summary>How much is read per receive; bigger frames grow a pooled buffer up to the frame limit.</summary>
    private const int ReceiveChunk = 4 * 1024;

    private int _badFrames;
    private long _badFramesSince;

    private async Task ReceiveLoopAsync(Func<ClientAction, Task> onAction)
    {
        _badFramesSince = _time.GetTimestamp();
        while (_socket.State == WebSocketState.Open)
        {
            // Wait for data without holding a buffer, so an idle connection costs no receive memory.
            var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            Interlocked.Exchange(ref _lastHeard, _time.GetTimestamp());
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var (frame, length, outcome) = await ReadMessageAsync(peek);
            if (_closing.IsCancellationRequested && outcome != MessageOutcome.Closed)
            {
                ReturnBuffer(frame);
                continue; // closing: read on only to reach the client's close frame
            }

            try
            {
                switch (outcome)
                {
                    case MessageOutcome.Closed:
                        return;
                    case MessageOutcome.Binary:
                        BadFrame("binary_not_supported", "Frames are JSON text; binary frames are not accepted.");
                        continue;
                    case MessageOutcome.TooLarge:
                        BadFrame("frame_too_large", $"A frame may be at most {_options.MaxFrameBytes} bytes.");
                        continue;
                }

                var action = ClientAction.Parse(frame.AsSpan(0, length));
                if (action is ClientAction.Invalid invalid)
                {
                    BadFrame(invalid.Code, invalid.Message);
                    continue;
                }

                await onAction(action);
            }
            finally
            {
                ReturnBuffer(frame);
            }
        }
    }

    private static void ReturnBuffer(byte[]? frame)
    {
        if (frame is not null)
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async Task<(byte[]? Frame, int Length, MessageOutcome Outcome)> ReadMessageAsync(ValueWebSocketReceiveResult peek)
    {
        var binary = peek.MessageType == WebSocketMessageType.Binary;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveChunk);
        var length = 0;
        var tooLarge = false;
        var endOfMessage = peek.EndOfMessage; // an empty message is whole already
        while (!endOfMessage)
        {
            if (length == buffer.Length)
            {
                if (binary || buffer.Length >= _options.MaxFrameBytes)
                {
                    tooLarge |= !binary;
                    length = 0; // discard: keep reading to the end of the message into the same buffer
                }
                else
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxFrameBytes));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }

            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, 0, MessageOutcome.Closed);
            }

            length += result.Count;
            tooLarge |= length > _options.MaxFrameBytes;
            endOfMessage = result.EndOfMessage;
        }

        var outcome = binary ? MessageOutcome.Binary : tooLarge ? MessageOutcome.TooLarge : MessageOutcome.Text;
        return (buffer, length, outcome);
    }

    /// <summary>Answers a bad frame with an <c>error</c> event; a client that keeps sending them is closed.</summary>
    private void BadFrame(string code, string message)
    {
        Enqueue(Frames.Error(code, message, _time));
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_badFramesSince, now) > TimeSpan.FromMinutes(1))
        {
            _badFramesSince = now;
            _badFrames = 0;
        }

        if (++_badFrames > _options.MaxBadFramesPerMinute)
        {
            WebSocketLog.TooManyBadFrames(_logger, UserId, _badFrames);
            Close(new CloseReason(WebSocketCloseStatus.PolicyViolation, $"more than {_options.MaxBadFramesPerMinute} invalid frames in a minute"), drain: true);
        }
    }

    /// <summary>Sends queued frames until the connection closes, then the close frame with its reason.</summary>
    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_stopSending.Token))
            {
                while (!_stopSending.IsCancellationRequested && _outbox.Reader.TryRead(out var frame))
                {
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    Interlocked.Exchange(ref _lastSent, _time.GetTimestamp());
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException or ChannelClosedException)
        {
            // Closing, or the client went away.
        }

        await SendCloseAsync();
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Min(
            _options.HeartbeatInterval.Ticks, Math.Min(_options.IdleTimeout.Ticks / 4, _options.SlowClientTimeout.Ticks / 2)));
        using var timer = new PeriodicTimer(tick, _time);
        var lastHeartbeat = _time.GetTimestamp();
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = _time.GetTimestamp();
            if (CloseIfStalled(now))
            {
                return;
            }

            if (_time.GetElapsedTime(Interlocked.Read(ref _lastHeard), now) >= _options.IdleTimeout)
            {
                WebSocketLog.IdleClosed(_logger, UserId, _options.IdleTimeout);
                Close(new CloseReason(WebSocketCloseStatus.NormalClosure, $"idle: nothing received for {_options.IdleTimeout.TotalSeconds:0} s"));
                return;
            }

            if (_time.GetElapsedTime(lastHeartbeat, now) >= _options.HeartbeatInterval)
            {
                lastHeartbeat = now;
                Enqueue(Frames.Control("heartbeat", null, _time));
            }
        }
    }

    /// <summary>Sends the close frame with the reason, if the socket still takes one.</summary>
    private async Task SendCloseAsync()
    {
        var reason = Volatile.Read(ref _closeReason) ?? new CloseReason(WebSocketCloseStatus.NormalClosure, "closed");
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(reason.Status, reason.Description, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            // The client went away first.
        }
    }

    private enum MessageOutcome
    {
        Text,
        Binary,
        TooLarge,
        Closed,
    }
}
