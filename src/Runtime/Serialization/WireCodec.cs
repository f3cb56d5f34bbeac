using System.ComponentModel;

namespace Netra.Runtime.Serialization;

/// <summary>Writes one value of <typeparamref name="T"/>.</summary>
public delegate void WireWrite<in T>(WireWriter writer, T value);

/// <summary>Reads one value of <typeparamref name="T"/>.</summary>
public delegate T WireRead<out T>(WireReader reader);

/// <summary>
/// The codec of <typeparamref name="T"/>: a static cache, so a lookup is a field read. Built-in codecs register on
/// first use; generated module initializers register the codecs of types used by grain interfaces. The first
/// registration of a type wins, so registering the same type from two assemblies is harmless.
/// </summary>
public static class WireCodec<T>
{
    private static Entry? s_entry;

    /// <summary>Whether a codec for <typeparamref name="T"/> is registered (built-ins count once resolved).</summary>
    public static bool IsRegistered => (s_entry ?? TryResolve()) is not null;

    /// <summary>Writes a <typeparamref name="T"/>. Throws <see cref="MissingWireCodecException"/> when none is registered.</summary>
    public static WireWrite<T> Write => (s_entry ?? Resolve()).Write;

    /// <summary>Reads a <typeparamref name="T"/>. Throws <see cref="MissingWireCodecException"/> when none is registered.</summary>
    public static WireRead<T> Read => (s_entry ?? Resolve()).Read;

    /// <summary>Registers the codec, unless one is registered already. Called by generated code and by the runtime.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(WireWrite<T> write, WireRead<T> read)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        Interlocked.CompareExchange(ref s_entry, new Entry(write, read), null);
    }

    private static Entry? TryResolve()
    {
        BuiltInCodecs.EnsureRegistered();
        if (s_entry is null)
        {
            // The type may be used in an assembly whose module initializer has not run yet.
            GrainTypeRegistry.EnsureLoadedAssembliesRegistered();
        }

        return s_entry;
    }

    private static Entry Resolve() => TryResolve() ?? throw new MissingWireCodecException(typeof(T));

    private sealed record Entry(WireWrite<T> Write, WireRead<T> Read);
}

/// <summary>A value of a type with no registered wire codec was about to be written or read.</summary>
public sealed class MissingWireCodecException(Type type) : InvalidOperationException(
    $"No wire codec is registered for {type}. Codecs are generated for the types used by grain interface methods " +
    "(parameters and return types, and the types they contain); a type used only elsewhere needs " +
    $"WireCodec<{type.Name}>.Register(...) at start.")
{
    /// <summary>The type that has no codec.</summary>
    public Type Type { get; } = type;
}
