using System.Net.Sockets;

namespace Netra.Runtime.Transport;

public sealed partial class ConnectionManager
{
    private async ValueTask<TransportConnection> GetConnectionSlowAsync(
        PeerState peer, long expectedGeneration, bool bypassBackoff, CancellationToken cancellationToken)
    {
        Task<TransportConnection> connecting;
        lock (peer.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (peer.IsDead(expectedGeneration))
            {
                throw Dead(peer);
            }

            if (peer.Connection is { IsOpen: true } existing)
            {
                return CheckGeneration(peer, existing, expectedGeneration);
            }

            if (peer.Connecting is null)
            {
                var now = _timeProvider.GetUtcNow();
                if (!bypassBackoff && peer.Failures > 0 && now < peer.RetryAfter)
                {
                    throw new TransportNotDeliveredException(
                        NotDeliveredReason.RecentlyFailed, peer.EndPoint,
                        $"Peer {peer.EndPoint} is unreachable: the last connect failed ({peer.LastFailure?.Message}); " +
                        $"next attempt in {(peer.RetryAfter - now).TotalMilliseconds:F0} ms", peer.LastFailure);
                }

                // Run it elsewhere: a connect failing synchronously must not complete under this lock.
                peer.Connecting = Task.Run(() => ConnectAsync(peer));
            }

            connecting = peer.Connecting;
        }

        var connection = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        return CheckGeneration(peer, connection, expectedGeneration);
    }

    private async Task<TransportConnection> ConnectAsync(PeerState peer)
    {
        var socket = new Socket(peer.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        TransportConnection? connection = null;
        try
        {
            PeerIdentity identity;
            using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider))
            {
                try
                {
                    await socket.ConnectAsync(peer.EndPoint, timeout.Token).ConfigureAwait(false);
                    connection = Create(socket, peer);
                    connection.Start();
                    identity = await connection.Handshake.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting timed out after {_options.ConnectTimeout}", ex);
                }
            }

            lock (peer.Gate)
            {
                if (_disposed || peer.IsDead(identity.Generation))
                {
                    connection.Abort();
                    throw Dead(peer);
                }

                peer.Connection = connection;
                peer.LastIdentity = identity;
                peer.Failures = 0;
                peer.Connecting = null;
            }

            TransportLog.Connected(_logger, peer.EndPoint.ToString(), identity.ToString());
            return connection;
        }
        catch (Exception ex) when (ex is not TransportNotDeliveredException)
        {
            connection?.Abort();
            socket.Dispose();
            int failures;
            TimeSpan backoff;
            lock (peer.Gate)
            {
                failures = ++peer.Failures;
                backoff = Backoff(failures);
                peer.RetryAfter = _timeProvider.GetUtcNow() + backoff;
                peer.LastFailure = ex;
                peer.Connecting = null;
            }

            TransportLog.ConnectFailed(_logger, peer.EndPoint.ToString(), failures, ex.Message, backoff);
            throw new TransportNotDeliveredException(
                NotDeliveredReason.Unreachable, peer.EndPoint, $"Could not connect to {peer.EndPoint}: {ex.Message}", ex);
        }
        finally
        {
            lock (peer.Gate)
            {
                peer.Connecting = null;
            }
        }
    }

    private TransportConnection CheckGeneration(PeerState peer, TransportConnection connection, long expectedGeneration)
    {
        var actual = connection.RemoteIdentity!;
        if (expectedGeneration != AnyGeneration && actual.Generation != expectedGeneration)
        {
            TransportLog.IncarnationMismatch(_logger, peer.EndPoint.ToString(), actual.ToString(), expectedGeneration);
            throw new TransportNotDeliveredException(
                NotDeliveredReason.IncarnationMismatch, peer.EndPoint,
                $"Peer at {peer.EndPoint} is {actual}, not generation {expectedGeneration}: that incarnation is gone");
        }

        return connection;
    }

    private TimeSpan Backoff(int failures)
    {
        var initial = _options.InitialReconnectBackoff.TotalMilliseconds;
        var exponential = Math.Min(initial * Math.Pow(2, Math.Min(failures - 1, 20)), _options.MaxReconnectBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(exponential * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static TransportNotDeliveredException Dead(PeerState peer) =>
        new(NotDeliveredReason.PeerDead, peer.EndPoint, $"Peer {peer.EndPoint} was declared dead; nothing was sent");
}
