namespace Netra.Runtime.Placement;

/// <summary>
/// This silo's address. An in-process silo knows it at once; a clustered silo learns it when it joins membership
/// (its generation comes from the table), before it takes any message.
/// </summary>
public sealed class LocalSiloDetails(SiloAddress initial)
{
    private SiloAddress _address = initial;

    /// <summary>This silo incarnation's address.</summary>
    public SiloAddress Address
    {
        get => Volatile.Read(ref _address);
        internal set => Volatile.Write(ref _address, value);
    }
}
