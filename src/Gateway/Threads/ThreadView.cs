using Netra.Grains.Threads;

namespace Netra.Gateway.Threads;

/// <summary>A thread as the API shows it to its owner.</summary>
/// <param name="Id">The thread id, <c>th_</c> and 32 hex digits.</param>
/// <param name="Title">The title.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last renamed or got a message.</param>
/// <param name="MessageCount">How many messages it keeps.</param>
/// <param name="ActiveRunId">The run executing now, if any.</param>
/// <param name="QueuedRuns">How many runs wait behind it.</param>
public sealed record ThreadView(string Id, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount, string? ActiveRunId, int QueuedRuns)
{
    internal static ThreadView From(ThreadSnapshot thread) =>
        new(thread.Id, thread.Title, thread.CreatedAt, thread.UpdatedAt, thread.MessageCount, thread.ActiveRunId, thread.QueuedRuns);
}
