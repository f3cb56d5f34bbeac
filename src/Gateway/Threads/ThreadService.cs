using System.Diagnostics.CodeAnalysis;
using Netra.Grains.Threads;
using Netra.Runtime;

namespace Netra.Gateway.Threads;

/// <summary>
/// A user's threads and messages, for the HTTP API and the WebSocket and runs code. Every method names the user, and a
/// thread that is not theirs behaves exactly like one that does not exist.
/// </summary>
public sealed class ThreadService(IClusterClient grains, ILogger<ThreadService> logger)
{
    /// <summary>The title of a thread created without one.</summary>
    public const string DefaultTitle = "New thread";

    /// <summary>How many thread grains a list asks at once.</summary>
    private const int ListConcurrency = 8;

    /// <summary>
    /// <paramref name="title"/> without surrounding white space, when that is a valid title (see
    /// <see cref="ThreadLimits.IsValidTitle"/>).
    /// </summary>
    public static bool TryNormalizeTitle(string? title, [NotNullWhen(true)] out string? normalized)
    {
        normalized = title?.Trim();
        return ThreadLimits.IsValidTitle(normalized);
    }

    /// <summary>The user's threads, newest first.</summary>
    public async Task<IReadOnlyList<ThreadView>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var ids = await grains.GetGrain<IUserThreadsGrain>(userId).ListAsync(cancellationToken);
        var views = new ThreadView?[ids.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), parallel, async (i, token) =>
        {
            views[i] = await GetAsync(userId, ids[i], token);
            if (views[i] is null)
            {
                ThreadsLog.StaleIndexEntry(logger, ids[i], userId);
            }
        });
        return [.. views.OfType<ThreadView>()];
    }

    /// <summary>The thread, or null when it is not the user's (including a malformed id).</summary>
    public async Task<ThreadView?> GetAsync(string userId, string threadId, CancellationToken cancellationToken) =>
        ThreadIds.IsValid(threadId) && await Thread(threadId).GetAsync(userId, cancellationToken) is { } thread
            ? ThreadView.From(thread)
            : null;

    /// <summary>Creates a thread for the user, titled <see cref="DefaultTitle"/> when <paramref name="title"/> is null.</summary>
    /// <exception cref="ArgumentException"><paramref name="title"/> is not a valid title.</exception>
    public async Task<ThreadView> CreateAsync(string userId, string? title, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        string? normalized = DefaultTitle;
        if (title is not null && !TryNormalizeTitle(title, out normalized))
        {
            throw new ArgumentException($"A title has 1 to {ThreadLimits.MaxTitleLength} characters and no control characters.", nameof(title));
        }

        var thread = await Thread(ThreadIds.New()).CreateAsync(userId, normalized, cancellationToken);
        return ThreadView.From(thread);
    }

    /// <summary>Renames the thread; null when it is not the user's.</summary>
    /// <exception cref="ArgumentException"><paramref name="title"/> is not a valid title.</exception>
    public async Task<ThreadView?> RenameAsync(string userId, string threadId, string title, CancellationToken cancellationToken)
    {
        if (!TryNormalizeTitle(title, out var normalized))
        {
            throw new ArgumentException($"A title has 1 to {ThreadLimits.MaxTitleLength} characters and no control characters.", nameof(title));
        }

        return ThreadIds.IsValid(threadId) && await Thread(threadId).RenameAsync(userId, normalized, cancellationToken) is { } thread
            ? ThreadView.From(thread)
            : null;
    }

    /// <summary>Deletes the thread; false when it is not the user's.</summary>
    public async Task<bool> DeleteAsync(string userId, string threadId, CancellationToken cancellationToken) =>
        ThreadIds.IsValid(threadId) && await Thread(threadId).DeleteAsync(userId, cancellationToken);

    /// <summary>The thread's messages, oldest first; null when it is not the user's.</summary>
    public async Task<IReadOnlyList<MessageView>?> GetMessagesAsync(string userId, string threadId, CancellationToken cancellationToken) =>
        ThreadIds.IsValid(threadId) && await Thread(threadId).GetMessagesAsync(userId, cancellationToken) is { } messages
            ? [.. messages.Select(MessageView.From)]
            : null;

    /// <summary>Appends a message to the user's thread.</summary>
    /// <param name="userId">The thread's owner.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="role">One of <see cref="MessageRoles"/>.</param>
    /// <param name="content">The text, at most <see cref="ThreadLimits.MaxContentLength"/> characters.</param>
    /// <param name="runId">The run it belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message as stored, with its id.</returns>
    /// <exception cref="ThreadNotFoundException">The thread is not the user's.</exception>
    /// <exception cref="ArgumentException">The role is unknown or the content too long.</exception>
    public async Task<MessageView> AppendMessageAsync(
        string userId, string threadId, string role, string content, string? runId, CancellationToken cancellationToken)
    {
        if (!ThreadIds.IsValid(threadId)
            || await Thread(threadId).AppendMessageAsync(userId, role, content, runId, cancellationToken) is not { } message)
        {
            throw new ThreadNotFoundException(threadId);
        }

        return MessageView.From(message);
    }

    private IThreadGrain Thread(string threadId) => grains.GetGrain<IThreadGrain>(threadId);
}
