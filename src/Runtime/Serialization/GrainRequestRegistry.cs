using System.Collections.Concurrent;
using System.ComponentModel;

namespace Netra.Runtime.Serialization;

/// <summary>Reads the arguments of one grain method from the wire and returns its request.</summary>
public delegate GrainRequest GrainRequestReader(WireReader reader);

/// <summary>
/// The process-wide table of request readers, keyed by <see cref="GrainRequest.MethodId"/>. Generated module
/// initializers fill it. A transport writes a request as its method id and <see cref="GrainRequest.WriteArguments"/>,
/// and reads it back with <see cref="Read"/>.
/// </summary>
public static class GrainRequestRegistry
{
    private static readonly ConcurrentDictionary<string, GrainRequestReader> s_readers = new(StringComparer.Ordinal);

    /// <summary>Registers the reader of a method's requests. The first registration of a method id wins.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string methodId, GrainRequestReader reader)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodId);
        ArgumentNullException.ThrowIfNull(reader);
        s_readers.TryAdd(methodId, reader);
    }

    /// <summary>Whether requests of <paramref name="methodId"/> can be read.</summary>
    public static bool IsRegistered(string methodId) => TryGet(methodId, out _);

    /// <summary>Reads the arguments of a <paramref name="methodId"/> request and returns the request.</summary>
    public static GrainRequest Read(string methodId, WireReader reader)
    {
        if (!TryGet(methodId, out var read))
        {
            throw new WireFormatException(
                $"No grain method '{methodId}' is known in this process. Is the assembly that declares its grain interface deployed here, in the same version?");
        }

        return read(reader);
    }

    private static bool TryGet(string methodId, out GrainRequestReader reader)
    {
        if (s_readers.TryGetValue(methodId, out reader!))
        {
            return true;
        }

        GrainTypeRegistry.EnsureLoadedAssembliesRegistered();
        return s_readers.TryGetValue(methodId, out reader!);
    }
}
