namespace Netra.Runtime.Placement;

/// <summary>
/// A silo incarnation: where it listens and when it started. A restarted silo has a new generation, so messages and
/// directory entries meant for the dead incarnation can never reach the new one by accident.
/// </summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>An address for a silo that does not listen on the network (embedded or in a test process).</summary>
    public static SiloAddress InProcess(string name) => new(name, 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port}@{Generation}";
}
