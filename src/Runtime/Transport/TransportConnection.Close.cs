using System.Buffers;
using System.Net.Sockets;

namespace Netra.Runtime.Transport;

public sealed partial class TransportConnection
{
    private int _finished;

    /// <summary>
    /// Closes gracefully: stops accepting frames, sends what is queued followed by Goodbye, and waits (up to
    /// <see cref="TransportOptions.CloseTimeout"/>) for the peer to close its side, then aborts whatever is left.
    /// </summary>
    public async Task CloseAsync()
    {
        BeginClose();
        try
        {
            await Completion.WaitAsync(_options.CloseTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abort(new ConnectionLostException(RemoteEndPoint, $"Peer did not close connection {this} after goodbye"));
            await Completion.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(CloseAsync());

    /// <summary>
    /// Drops the connection at once, as a crash would: queued frames that have not reached the socket are discarded
    /// (their receipts say not delivered) and the socket is reset. <see cref="IFrameHandler.OnClosed"/> gets
    /// <paramref name="reason"/>, or a <see cref="ConnectionLostException"/> when it is null.
    /// </summary>
    public void Abort(Exception? reason = null)
    {
        lock (_writeLock)
        {
            if (_aborted)
            {
                return;
            }

            _aborted = true;
            _abortReason = reason ?? new ConnectionLostException(RemoteEndPoint, $"Connection {this} was aborted");
            _state = Closed;
            _outbound.Writer.Complete();
        }

        _outbound.Reader.CancelPendingRead();
        try
        {
            // Linger 0: close with a reset, so the peer learns at once instead of after a FIN handshake.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed; nothing to reset.
        }

        _socket.Dispose();
        ReleaseWaiters();
    }

    private void BeginClose()
    {
        lock (_writeLock)
        {
            if (_state != Open)
            {
                return;
            }

            Span<byte> goodbye = stackalloc byte[FrameCodec.HeaderSize];
            FrameCodec.WriteHeader(goodbye, FrameKind.Goodbye, 0);
            _outbound.Writer.Write(goodbye);
            Volatile.Write(ref _committed, _committed + goodbye.Length);
            _state = Closing;
            _outbound.Writer.Complete();
        }

        ReleaseWaiters();
    }

    private async Task FinishAsync(Exception? reason)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        // A failure stops the send loop at once; a graceful close lets it drain (its writer is completed). Either way
        // the loop has ended before OnClosed, so MayHaveBeenDelivered is final by then. A local Abort's reason wins.
        if (reason is not null)
        {
            Abort(reason);
        }

        await _sendLoop.ConfigureAwait(false);
        lock (_writeLock)
        {
            _state = Closed;
            if (_aborted)
            {
                reason = _abortReason;
            }
        }

        _socket.Dispose();
        _handshake.TrySetException(reason ?? new ConnectionLostException(RemoteEndPoint, $"Connection {this} closed before its handshake"));
        foreach (var ping in _pings.Values)
        {
            ping.TrySetResult(false);
        }

        ReleaseWaiters();
        if (reason is null)
        {
            TransportLog.ConnectionClosed(_logger, ToString());
        }
        else
        {
            TransportLog.ConnectionLost(_logger, ToString(), reason.Message);
        }

        try
        {
            _handler.OnClosed(this, reason);
        }
        catch (Exception ex)
        {
            TransportLog.HandlerFailed(_logger, ex, ToString());
        }

        _completion.TrySetResult();
    }
}
