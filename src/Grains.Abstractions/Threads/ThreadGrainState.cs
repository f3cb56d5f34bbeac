using System.Collections.Immutable;

namespace Netra.Grains.Threads;

/// <summary>
/// The stored state of a thread grain. A thread exists once <see cref="OwnerId"/> is set. (Not <c>ThreadState</c>,
/// which would clash with <see cref="System.Threading.ThreadState"/> under implicit usings.)
/// </summary>
public sealed record ThreadGrainState
{
    /// <summary>The owner's user id; null until the thread is created.</summary>
    public string? OwnerId { get; init; }

    /// <summary>The title.</summary>
    public string Title { get; init; } = "";

    /// <summary>When the thread was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last renamed or got a message.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether it was deleted. A deleted thread keeps its id and owner and nothing else.</summary>
    public bool Deleted { get; init; }

    /// <summary>The kept messages, oldest first, at most <see cref="ThreadLimits.MaxMessages"/>.</summary>
    public ImmutableList<ThreadMessage> Messages { get; init; } = [];

    /// <summary>Accepted runs, oldest first, at most <see cref="ThreadLimits.MaxRuns"/>.</summary>
    public ImmutableList<string> RunIds { get; init; } = [];

    /// <summary>The run executing now, if any.</summary>
    public string? ActiveRunId { get; init; }

    /// <summary>Runs waiting behind the active one, oldest first.</summary>
    public ImmutableList<string> QueuedRunIds { get; init; } = [];
}
