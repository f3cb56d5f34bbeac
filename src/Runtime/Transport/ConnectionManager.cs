using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Netra.Runtime.Transport;

/// <summary>
/// The connections of one silo or client: one outbound connection per peer endpoint, dialled on first use and shared
/// by every caller, plus the inbound connections the listener accepts. A peer pair therefore has two connections, one
/// each way: each side sends its own requests on its outbound connection, and a handler may answer on the connection a
/// frame came in on. Two connections avoid the race of both sides dialling each other at once, at the cost of a socket.
/// Failures are fast: connection refused fails at once; after a failed connect the peer is skipped for a backoff window
/// (exponential with jitter) and the next use after it reconnects; a peer marked dead fails at once.
/// </summary>
public sealed partial class ConnectionManager : IAsyncDisposable
{
    /// <summary>Matches any incarnation of a peer.</summary>
    public const long AnyGeneration = 0;

    private readonly ConcurrentDictionary<IPEndPoint, PeerState> _peers = new();
    private readonly ConcurrentDictionary<TransportConnection, PeerState?> _connections = new();
    private readonly IFrameHandler _handler;
    private readonly TransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Tracker _tracker;
    private TransportListener? _listener;
    private volatile bool _disposed;

    /// <summary>Creates a manager that introduces itself as <paramref name="localIdentity"/>.</summary>
    public ConnectionManager(
        PeerIdentity localIdentity, IFrameHandler handler, TransportOptions? options = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        LocalIdentity = localIdentity;
        _handler = handler;
        _options = options ?? new TransportOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Netra.Runtime.Transport");
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tracker = new Tracker(this);
    }

    /// <summary>How this side introduces itself in Hello frames.</summary>
    public PeerIdentity LocalIdentity { get; }

    /// <summary>The endpoint the listener is bound to, once <see cref="Listen"/> was called.</summary>
    public IPEndPoint? ListenEndPoint => _listener?.EndPoint;

    /// <summary>Every open connection, inbound and outbound.</summary>
    public IReadOnlyCollection<TransportConnection> Connections => _connections.Keys.ToArray();

    /// <summary>Starts accepting connections on <paramref name="endPoint"/> (port 0 picks one) and returns the bound endpoint.</summary>
    public IPEndPoint Listen(IPEndPoint endPoint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var listener = new TransportListener(endPoint, OnAccepted, _logger);
        _listener = listener;
        listener.Start();
        TransportLog.Listening(_logger, listener.EndPoint.ToString(), LocalIdentity.ToString());
        return listener.EndPoint;
    }

    /// <summary>
    /// The outbound connection to <paramref name="endPoint"/>, connecting (once, for all concurrent callers) if needed.
    /// With <paramref name="expectedGeneration"/> other than <see cref="AnyGeneration"/>, a peer of another incarnation
    /// is refused. Failures throw <see cref="TransportNotDeliveredException"/>: nothing was sent.
    /// </summary>
    public ValueTask<TransportConnection> GetConnectionAsync(
        IPEndPoint endPoint, long expectedGeneration = AnyGeneration, CancellationToken cancellationToken = default)
    {
        var peer = _peers.GetOrAdd(endPoint, static ep => new PeerState(ep));
        var connection = peer.Connection;
        if (connection is { IsOpen: true } && (expectedGeneration == AnyGeneration
                                               || connection.RemoteIdentity?.Generation == expectedGeneration))
        {
            return new ValueTask<TransportConnection>(connection);
        }

        return GetConnectionSlowAsync(peer, expectedGeneration, bypassBackoff: false, cancellationToken);
    }

    /// <summary>
    /// Sends a Data frame to <paramref name="endPoint"/> on its outbound connection; see
    /// <see cref="TransportConnection.SendAsync{TState}"/>. Throws <see cref="TransportNotDeliveredException"/> when
    /// the frame was not sent (unreachable, recently failed, dead, closed).
    /// </summary>
    public async ValueTask<FrameReceipt> SendAsync<TState>(
        IPEndPoint endPoint, long expectedGeneration, TState state, Action<IBufferWriter<byte>, TState> writePayload,
        CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(endPoint, expectedGeneration, cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(state, writePayload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the peer answers a Ping within <paramref name="timeout"/>, connecting first if needed (a probe ignores
    /// the reconnect backoff). False when it is unreachable, dead-marked, of another incarnation, or slow.
    /// </summary>
    public async Task<bool> ProbeAsync(
        IPEndPoint endPoint, TimeSpan timeout, long expectedGeneration = AnyGeneration,
        CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var peer = _peers.GetOrAdd(endPoint, static ep => new PeerState(ep));
            var connection = await GetConnectionSlowAsync(peer, expectedGeneration, bypassBackoff: true, linked.Token)
                .ConfigureAwait(false);
            var remaining = timeout - _timeProvider.GetElapsedTime(started);
            return remaining > TimeSpan.Zero && await connection.PingAsync(remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportNotDeliveredException)
        {
            return false;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Declares a peer dead (membership's verdict): every incarnation with <see cref="AnyGeneration"/>, or just
    /// <paramref name="generation"/>. Its connections are aborted (handlers get OnClosed at once) and sends to it fail
    /// immediately with <see cref="NotDeliveredReason.PeerDead"/> until <see cref="ClearDead"/>.
    /// </summary>
    public void MarkDead(IPEndPoint endPoint, long generation = AnyGeneration)
    {
        var peer = _peers.GetOrAdd(endPoint, static ep => new PeerState(ep));
        TransportConnection? outbound;
        lock (peer.Gate)
        {
            if (generation == AnyGeneration)
            {
                peer.AllDead = true;
            }
            else
            {
                (peer.DeadGenerations ??= []).Add(generation);
            }

            outbound = peer.Connection;
            if (outbound is not null && !peer.IsDead(outbound.RemoteIdentity?.Generation ?? AnyGeneration))
            {
                outbound = null;
            }
            else
            {
                peer.Connection = null;
            }
        }

        TransportLog.MarkedDead(_logger, endPoint.ToString(), generation);
        var reason = $"Peer {endPoint} was declared dead";
        outbound?.Abort(new ConnectionLostException(endPoint, reason));
        foreach (var (connection, owner) in _connections)
        {
            var identity = connection.RemoteIdentity;
            if (owner is null && peer.Owns(identity) && (generation == AnyGeneration || identity!.Generation == generation))
            {
                connection.Abort(new ConnectionLostException(endPoint, reason));
            }
        }
    }

    /// <summary>Lifts every dead mark of <paramref name="endPoint"/> and its reconnect backoff (it rejoined).</summary>
    public void ClearDead(IPEndPoint endPoint)
    {
        if (_peers.TryGetValue(endPoint, out var peer))
        {
            lock (peer.Gate)
            {
                peer.AllDead = false;
                peer.DeadGenerations = null;
                peer.Failures = 0;
            }
        }
    }

    /// <summary>Stops listening and drops every connection without a goodbye, as a crashed process would.</summary>
    public void Abort()
    {
        _disposed = true;
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    /// <summary>Stops listening and closes every connection gracefully (Goodbye).</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _listener?.Dispose();
        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync())).ConfigureAwait(false);
    }

    private void OnAccepted(Socket socket)
    {
        if (_disposed)
        {
            socket.Dispose();
            return;
        }

        Create(socket, null).Start();
    }

    private TransportConnection Create(Socket socket, PeerState? outboundPeer)
    {
        var connection = new TransportConnection(
            socket, outboundPeer is not null, LocalIdentity, _options, _tracker, _logger, _timeProvider);
        _connections[connection] = outboundPeer;
        return connection;
    }

    /// <summary>Keeps the manager's books as connections close, then passes every call on to the handler.</summary>
    private sealed class Tracker(ConnectionManager owner) : IFrameHandler
    {
        public void OnFrame(TransportConnection connection, FrameKind kind, ReadOnlySequence<byte> payload) =>
            owner._handler.OnFrame(connection, kind, payload);

        public void OnClosed(TransportConnection connection, Exception? reason)
        {
            if (owner._connections.TryRemove(connection, out var peer) && peer is not null)
            {
                lock (peer.Gate)
                {
                    if (peer.Connection == connection)
                    {
                        peer.Connection = null;
                    }
                }
            }

            owner._handler.OnClosed(connection, reason);
        }
    }
}
