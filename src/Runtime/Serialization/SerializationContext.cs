namespace Netra.Runtime.Serialization;

/// <summary>Recreates a grain reference for the local runtime from what crossed the wire.</summary>
public interface IGrainReferenceBinder
{
    /// <summary>Returns a proxy for <paramref name="id"/> that implements the grain interface named <paramref name="interfaceName"/>.</summary>
    object Bind(GrainId id, string interfaceName);
}

/// <summary>What a <see cref="WireReader"/> needs from the runtime it reads into.</summary>
public sealed class SerializationContext
{
    /// <summary>A context with no binder: reading a grain reference fails with a clear message.</summary>
    public static SerializationContext Default { get; } = new();

    /// <summary>Turns grain ids read from the wire into references; null where no references are expected.</summary>
    public IGrainReferenceBinder? GrainReferenceBinder { get; init; }

    /// <summary>Binds a reference, or explains that the context has no binder.</summary>
    public object BindGrainReference(GrainId id, string interfaceName)
    {
        if (GrainReferenceBinder is not { } binder)
        {
            throw new InvalidOperationException(
                $"Reading a reference to grain {id} ({interfaceName}) needs an IGrainReferenceBinder in the SerializationContext of the WireReader.");
        }

        return binder.Bind(id, interfaceName);
    }
}
