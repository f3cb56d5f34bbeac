namespace Netra.Runtime;

/// <summary>A grain call did not complete within its timeout. The message names the grain and the method.</summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// A call would deadlock: it reached a non-reentrant grain that is waiting, further up the same call chain, for this
/// very call. Raised at once instead of after the timeout. The message names the chain.
/// </summary>
public sealed class CallCycleException(string message, IReadOnlyList<GrainId> chain) : InvalidOperationException(message)
{
    /// <summary>The grains of the cycle, from the first call to the one that closed it.</summary>
    public IReadOnlyList<GrainId> Chain { get; } = chain;
}

/// <summary>
/// A state write lost a race: storage holds a newer version than the activation read. The activation is deactivated,
/// and the next call activates it afresh with the stored state.
/// </summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The version storage holds, when known.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The version the writer held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>The silo that hosts or should host the grain cannot take the call.</summary>
public sealed class SiloUnavailableException(string message) : Exception(message);
