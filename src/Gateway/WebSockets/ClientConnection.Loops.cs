using System.Buffers;
using System.Net.WebSockets;

namespace Netra.Gateway.WebSockets;

/// <summary>The connection's receive loop.</summary>
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

    private enum MessageOutcome
    {
        Text,
        Binary,
        TooLarge,
        Closed,
    }
}
