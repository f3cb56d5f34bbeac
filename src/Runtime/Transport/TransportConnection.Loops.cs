using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace Netra.Runtime.Transport;

public sealed partial class TransportConnection
{
    private bool _goodbyeReceived;

    /// <summary>Sends this side's Hello and starts the send and receive loops.</summary>
    internal void Start()
    {
        var builder = FrameBuilder.Rent();
        try
        {
            FrameCodec.WriteHello(builder, _localIdentity);
            Commit(builder.Complete(FrameKind.Hello), out _);
        }
        finally
        {
            FrameBuilder.Return(builder);
        }

        _sendLoop = Task.Run(SendLoopAsync);
        _ = Task.Run(ReceiveLoopAsync);
        _ = EnforceHandshakeTimeoutAsync();
    }

    private bool WriteControl(FrameKind kind, long correlation)
    {
        Span<byte> frame = stackalloc byte[FrameCodec.HeaderSize + 8];
        FrameCodec.WriteHeader(frame, kind, 8);
        BinaryPrimitives.WriteInt64LittleEndian(frame[FrameCodec.HeaderSize..], correlation);
        return Commit(frame, out _);
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (Volatile.Read(ref _aborted))
                {
                    break;
                }

                foreach (var segment in buffer)
                {
                    // Counted before the socket sees it: from here on, these bytes may reach the peer.
                    Interlocked.Add(ref _attempted, segment.Length);
                    var remaining = segment;
                    while (!remaining.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(remaining, SocketFlags.None).ConfigureAwait(false);
                        remaining = remaining[sent..];
                    }
                }

                var length = buffer.Length;
                reader.AdvanceTo(buffer.End);
                Interlocked.Add(ref _sent, length);
                if ((Volatile.Read(ref _paused) || Volatile.Read(ref _resume) is not null)
                    && UnsentBytes <= _options.ResumeWriterThreshold)
                {
                    Volatile.Write(ref _paused, false);
                    ReleaseWaiters();
                }

                if (result.IsCompleted)
                {
                    // Graceful close: everything including Goodbye is out; tell the peer we are done writing.
                    _socket.Shutdown(SocketShutdown.Send);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Abort(new ConnectionLostException(RemoteEndPoint, $"Sending on connection {this} failed: {ex.Message}", ex));
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (Volatile.Read(ref _state) != Closed
                           && FrameCodec.TryReadFrame(ref buffer, _options.MaxFrameSize, out var kind, out var payload))
                    {
                        Dispatch(kind, payload);
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (Volatile.Read(ref _state) == Closed)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    if (!_goodbyeReceived || !buffer.IsEmpty)
                    {
                        reason = new ConnectionLostException(
                            RemoteEndPoint, $"Connection {this} was closed by the peer without a goodbye");
                    }

                    break;
                }
            }
        }
        catch (TransportProtocolException ex)
        {
            TransportLog.ProtocolError(_logger, ToString(), ex.Message);
            reason = ex;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            reason = new ConnectionLostException(RemoteEndPoint, $"Connection {this} was lost: {ex.Message}", ex);
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        await FinishAsync(reason).ConfigureAwait(false);
    }

    private void Dispatch(FrameKind kind, ReadOnlySequence<byte> payload)
    {
        if (!_handshake.Task.IsCompleted)
        {
            if (kind != FrameKind.Hello)
            {
                throw new TransportProtocolException($"Expected a Hello frame first, got {kind}");
            }

            _handshake.TrySetResult(FrameCodec.ReadHello(payload));
            return;
        }

        switch (kind)
        {
            case FrameKind.Data:
                try
                {
                    _handler.OnFrame(this, kind, payload);
                }
                catch (Exception ex)
                {
                    // A handler bug must not take the connection down with it; the frame is lost, and that is logged.
                    TransportLog.HandlerFailed(_logger, ex, ToString());
                }

                break;
            case FrameKind.Ping:
                WriteControl(FrameKind.Pong, FrameCodec.ReadCorrelation(payload));
                break;
            case FrameKind.Pong:
                if (_pings.TryRemove(FrameCodec.ReadCorrelation(payload), out var pong))
                {
                    pong.TrySetResult(true);
                }

                break;
            case FrameKind.Goodbye:
                _goodbyeReceived = true;
                BeginClose();
                break;
            default:
                throw new TransportProtocolException($"Unexpected {kind} frame after the handshake");
        }
    }

    private async Task EnforceHandshakeTimeoutAsync()
    {
        try
        {
            await _handshake.Task.WaitAsync(_options.ConnectTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abort(new TransportProtocolException($"No Hello within {_options.ConnectTimeout}"));
        }
        catch (Exception ex) when (ex is TransportException)
        {
            // The connection closed before the handshake; FinishAsync already reported why.
        }
    }
}
