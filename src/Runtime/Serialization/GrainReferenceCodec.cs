using System.ComponentModel;

namespace Netra.Runtime.Serialization;

/// <summary>
/// Codecs of grain identities. A <see cref="GrainId"/> is its type and key strings. A grain reference is a presence
/// varint (0 for null), the grain id and the name of the interface the reference is used through; reading asks the
/// <see cref="SerializationContext"/>'s binder for a proxy of the local runtime.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainReferenceCodec
{
    /// <summary>Writes the grain type and key.</summary>
    public static void WriteGrainId(WireWriter writer, GrainId id)
    {
        writer.WriteString(id.Type);
        writer.WriteString(id.Key);
    }

    /// <summary>Reads a grain id.</summary>
    public static GrainId ReadGrainId(WireReader reader)
    {
        var type = reader.ReadString();
        var key = reader.ReadString();
        return new GrainId(type!, key!);
    }

    /// <summary>Writes a reference to a grain, which must be a grain reference (a proxy), or null.</summary>
    public static void Write<TGrain>(WireWriter writer, TGrain? grain)
        where TGrain : class, IAddressable
    {
        switch (grain)
        {
            case null:
                writer.WriteNull();
                return;
            case GrainReference reference:
                writer.WriteObjectHeader(2);
                WriteGrainId(writer, reference.GrainId);
                writer.WriteString(reference.InterfaceName);
                return;
            default:
                throw new InvalidOperationException(
                    $"A {typeof(TGrain)} argument must be a grain reference from IGrainFactory.GetGrain, not the grain object {grain.GetType()} itself.");
        }
    }

    /// <summary>Reads a reference and binds it to the local runtime.</summary>
    public static TGrain Read<TGrain>(WireReader reader)
        where TGrain : class, IAddressable
    {
        if (reader.ReadObjectHeader() < 0)
        {
            return null!;
        }

        var id = ReadGrainId(reader);
        var interfaceName = reader.ReadString()
            ?? throw new WireFormatException("A grain reference has no interface name.");
        var bound = reader.Context.BindGrainReference(id, interfaceName);
        return bound as TGrain ?? throw new WireFormatException(
            $"The reference to {id} through {interfaceName} was bound to {bound.GetType()}, which does not implement {typeof(TGrain)}.");
    }
}
