using System.Text;

namespace Netra.Runtime.Placement;

/// <summary>
/// A 64-bit hash that every process computes alike (string.GetHashCode is randomized per process, so it cannot place
/// grains). FNV-1a over UTF-8, then the MurmurHash3 finalizer so similar keys spread over the whole range.
/// </summary>
public static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>The hash of a grain id.</summary>
    public static ulong Of(GrainId grainId)
    {
        var hash = Append(FnvOffset, grainId.Type);
        hash = (hash ^ '/') * FnvPrime;
        return Mix(Append(hash, grainId.Key));
    }

    /// <summary>The hash of a string.</summary>
    public static ulong Of(string text) => Mix(Append(FnvOffset, text));

    private static ulong Append(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var chunk = rest[..Math.Min(rest.Length, 64)];
            var written = Encoding.UTF8.GetBytes(chunk, buffer);
            foreach (var b in buffer[..written])
            {
                hash = (hash ^ b) * FnvPrime;
            }

            rest = rest[chunk.Length..];
        }

        return hash;
    }

    private static ulong Mix(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
