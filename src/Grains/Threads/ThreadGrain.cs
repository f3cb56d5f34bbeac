using Microsoft.Extensions.Logging;
using Netra.Runtime;

namespace Netra.Grains.Threads;

/// <summary>
/// A conversation thread: its messages and its runs. Only its owner sees it; to anyone else, and once deleted, it
/// answers as if it did not exist. It keeps its owner's <see cref="IUserThreadsGrain"/> index in step on create and
/// delete. Neither the index nor a run ever waits on a thread (runs report their end one way), so no call from this
/// grain's turn can form a cycle.
/// </summary>
public sealed partial class ThreadGrain(
    [PersistentState("thread")] IPersistentState<ThreadGrainState> state,
    TimeProvider time,
    ILogger<ThreadGrain> logger) : Grain, IThreadGrain
{
    private const string MessageIdPrefix = "msg_";

    private string Id => GetPrimaryKeyString();

    public async Task<ThreadSnapshot> CreateAsync(string ownerId, string title, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerId);
        ThrowIfInvalidTitle(title);
        if (!ThreadIds.IsValid(Id))
        {
            throw new ArgumentException($"'{Id}' is not a thread id; make one with {nameof(ThreadIds)}.{nameof(ThreadIds.New)}.");
        }

        if (state.State.OwnerId is { } existingOwner)
        {
            if (existingOwner != ownerId || state.State.Deleted)
            {
                throw new InvalidOperationException($"Thread {Id} already exists; a new thread needs a new id.");
            }

            // A retry of a create whose index update may not have happened.
            await IndexOf(ownerId).AddAsync(Id, cancellationToken);
            return Snapshot();
        }

        var now = time.GetUtcNow();
        state.State = new ThreadGrainState { OwnerId = ownerId, Title = title, CreatedAt = now, UpdatedAt = now };
        await state.WriteStateAsync(cancellationToken);
        await IndexOf(ownerId).AddAsync(Id, cancellationToken);
        ThreadsLog.ThreadCreated(logger, Id, ownerId);
        return Snapshot();
    }

    public async Task<ThreadSnapshot?> GetAsync(string requesterId, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return null;
        }

        await CatchUpAsync(cancellationToken);
        return Snapshot();
    }

    public async Task<ThreadSnapshot?> RenameAsync(string requesterId, string title, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return null;
        }

        ThrowIfInvalidTitle(title);
        state.State = state.State with { Title = title, UpdatedAt = time.GetUtcNow() };
        await state.WriteStateAsync(cancellationToken);
        return Snapshot();
    }

    public async Task<bool> DeleteAsync(string requesterId, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return false;
        }

        var runs = state.State.QueuedRunIds.Reverse().Prepend(state.State.ActiveRunId).OfType<string>().ToList();
        state.State = state.State with
        {
            Deleted = true, Title = "", Messages = [], RunIds = [], ActiveRunId = null, QueuedRunIds = [], UpdatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync(cancellationToken);
        foreach (var runId in runs)
        {
            await Run(runId).CancelAsync(requesterId);
        }

        await IndexOf(requesterId).RemoveAsync(Id, cancellationToken);
        ThreadsLog.ThreadDeleted(logger, Id, requesterId);
        return true;
    }

    public async Task<ThreadMessage?> AppendMessageAsync(
        string requesterId, string role, string content, string? runId, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return null;
        }

        var message = AddMessage(role, content, runId);
        await state.WriteStateAsync(cancellationToken);
        return message;
    }

    public async Task<IReadOnlyList<ThreadMessage>?> GetMessagesAsync(string requesterId, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return null;
        }

        await CatchUpAsync(cancellationToken);
        return state.State.Messages;
    }

    /// <summary>Adds a message to the state, dropping the oldest beyond the limit; the caller writes the state.</summary>
    private ThreadMessage AddMessage(string role, string content, string? runId)
    {
        if (!MessageRoles.IsValid(role))
        {
            throw new ArgumentException($"'{role}' is not a message role; use user, assistant or system.", nameof(role));
        }

        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > ThreadLimits.MaxContentLength)
        {
            throw new ArgumentException($"A message holds at most {ThreadLimits.MaxContentLength} characters.", nameof(content));
        }

        var now = time.GetUtcNow();
        var message = new ThreadMessage(MessageIdPrefix + Guid.NewGuid().ToString("N"), role, content, runId, now);
        var messages = state.State.Messages.Add(message);
        if (messages.Count > ThreadLimits.MaxMessages)
        {
            messages = messages.RemoveRange(0, messages.Count - ThreadLimits.MaxMessages);
        }

        state.State = state.State with { Messages = messages, UpdatedAt = now };
        return message;
    }

    private bool IsVisibleTo(string requesterId) =>
        state.State is { OwnerId: { } owner, Deleted: false } && string.Equals(owner, requesterId, StringComparison.Ordinal);

    private IUserThreadsGrain IndexOf(string userId) => GrainFactory.GetGrain<IUserThreadsGrain>(userId);

    private ThreadSnapshot Snapshot()
    {
        var current = state.State;
        return new ThreadSnapshot(
            Id, current.OwnerId!, current.Title, current.CreatedAt, current.UpdatedAt, current.Messages.Count, current.ActiveRunId, current.QueuedRunIds.Count);
    }

    private static void ThrowIfInvalidTitle(string title)
    {
        if (!ThreadLimits.IsValidTitle(title))
        {
            throw new ArgumentException(
                $"A title has 1 to {ThreadLimits.MaxTitleLength} characters, not only white space, and no control characters.", nameof(title));
        }
    }
}
