namespace Netra.Runtime.Transport;

/// <summary>
/// Who is at the other end of a connection, as it introduced itself in its Hello frame. <see cref="Generation"/>
/// tells incarnations apart: a silo restarted on the same port has a new one. A silo uses its advertised
/// endpoint (<c>host:port</c>) as <see cref="Name"/>, so inbound connections can be matched to the peer's endpoint.
/// </summary>
public sealed record PeerIdentity(string Name, long Generation)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Generation}";
}
