namespace Netra.Grains.Threads;

/// <summary>What a thread looks like to its owner at one moment.</summary>
/// <param name="Id">The thread id.</param>
/// <param name="OwnerId">The owner's user id.</param>
/// <param name="Title">The title.</param>
/// <param name="CreatedAt">When the thread was created.</param>
/// <param name="UpdatedAt">When it was last renamed or got a message.</param>
/// <param name="MessageCount">How many messages it keeps.</param>
/// <param name="ActiveRunId">The run executing now, if any.</param>
/// <param name="QueuedRuns">How many runs wait behind it.</param>
public sealed record ThreadSnapshot(
    string Id, string OwnerId, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount, string? ActiveRunId = null, int QueuedRuns = 0);
