using System.Buffers;

namespace Netra.Grains.Threads;

/// <summary>Thread ids: <c>th_</c> and 32 lower-case hex digits. The gateway makes them.</summary>
public static class ThreadIds
{
    /// <summary>The prefix of every thread id.</summary>
    public const string Prefix = "th_";

    private static readonly SearchValues<char> s_hex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new random thread id.</summary>
    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="id"/> has the shape of a thread id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 35 } && id.StartsWith(Prefix, StringComparison.Ordinal) && !id.AsSpan(Prefix.Length).ContainsAnyExcept(s_hex);
}
