using System.Collections.Immutable;

namespace Netra.Grains.Threads;

/// <summary>The stored state of a user's thread index.</summary>
public sealed record UserThreadsState
{
    /// <summary>The user's thread ids, newest first.</summary>
    public ImmutableList<string> ThreadIds { get; init; } = [];
}
