using System.Net;

namespace Netra.Runtime.Transport;

/// <summary>What the <see cref="ConnectionManager"/> knows about one peer endpoint. Fields are guarded by <see cref="Gate"/>.</summary>
internal sealed class PeerState(IPEndPoint endPoint)
{
    public readonly Lock Gate = new();

    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>The outbound connection, once its handshake completed. Read without the lock on the fast path.</summary>
    public volatile TransportConnection? Connection;

    /// <summary>The connect in flight, shared by every caller that needs the peer meanwhile.</summary>
    public Task<TransportConnection>? Connecting;

    /// <summary>Failed connects in a row; reset by a successful one.</summary>
    public int Failures;

    /// <summary>Until when sends fail fast after the last failed connect.</summary>
    public DateTimeOffset RetryAfter;

    public Exception? LastFailure;

    /// <summary>The identity the peer gave in its last Hello.</summary>
    public PeerIdentity? LastIdentity;

    /// <summary>Every incarnation at this endpoint was declared dead.</summary>
    public bool AllDead;

    public HashSet<long>? DeadGenerations;

    public bool IsDead(long generation) =>
        AllDead || (generation != ConnectionManager.AnyGeneration && DeadGenerations?.Contains(generation) == true);

    /// <summary>Whether an inbound connection's Hello says it comes from this peer.</summary>
    public bool Owns(PeerIdentity? identity) =>
        identity is not null && (identity == LastIdentity || identity.Name == EndPoint.ToString());
}
