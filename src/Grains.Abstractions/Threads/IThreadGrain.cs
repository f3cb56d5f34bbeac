using Netra.Grains.Runs;
using Netra.Runtime;

namespace Netra.Grains.Threads;

/// <summary>
/// One conversation thread: its owner, title, messages and runs (which one is active, which wait). The key is the thread id (<see cref="ThreadIds"/>). Every
/// read and change names the requesting user, and a thread that does not exist, is deleted or belongs to someone else
/// answers as if it did not exist (null or false), so a caller can never learn that another user's thread exists.
/// </summary>
public interface IThreadGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the thread for <paramref name="ownerId"/> and adds it to the owner's <see cref="IUserThreadsGrain"/>.
    /// Idempotent for the same owner, so a caller may retry it.
    /// </summary>
    /// <exception cref="System.ArgumentException">The owner id is empty or the title breaks <see cref="ThreadLimits"/>.</exception>
    /// <exception cref="System.InvalidOperationException">The id is already taken by another owner, or was deleted.</exception>
    Task<ThreadSnapshot> CreateAsync(string ownerId, string title, CancellationToken cancellationToken);

    /// <summary>The thread, or null when it does not exist, is deleted or is not <paramref name="requesterId"/>'s.</summary>
    Task<ThreadSnapshot?> GetAsync(string requesterId, CancellationToken cancellationToken);

    /// <summary>Renames the thread; null when it is not visible to <paramref name="requesterId"/>.</summary>
    /// <exception cref="System.ArgumentException">The title breaks <see cref="ThreadLimits"/>.</exception>
    Task<ThreadSnapshot?> RenameAsync(string requesterId, string title, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the thread: its messages are dropped, the id stays taken, and it leaves the owner's index. False when
    /// it is not visible to <paramref name="requesterId"/>.
    /// </summary>
    Task<bool> DeleteAsync(string requesterId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends a message, dropping the oldest beyond <see cref="ThreadLimits.MaxMessages"/>. Null when the thread is not
    /// visible to <paramref name="requesterId"/>.
    /// </summary>
    /// <param name="requesterId">The user on whose behalf the message is added: the thread's owner.</param>
    /// <param name="role">One of <see cref="MessageRoles"/>.</param>
    /// <param name="content">The message text, at most <see cref="ThreadLimits.MaxContentLength"/> characters.</param>
    /// <param name="runId">The run that produced or answered the message, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="System.ArgumentException">The role is unknown or the content is too long.</exception>
    Task<ThreadMessage?> AppendMessageAsync(string requesterId, string role, string content, string? runId, CancellationToken cancellationToken);

    /// <summary>The kept messages, oldest first; null when the thread is not visible to <paramref name="requesterId"/>.</summary>
    Task<IReadOnlyList<ThreadMessage>?> GetMessagesAsync(string requesterId, CancellationToken cancellationToken);

    /// <summary>
    /// Submits a run of <paramref name="request"/>'s message under <paramref name="multitask"/> (one of
    /// <see cref="MultitaskMode"/>). One run is active at a time: while one is, a new run is refused (reject), queued
    /// behind it (enqueue) or started after cancelling it (interrupt). An accepted run's message joins the messages.
    /// Null when the thread is not visible to the request's user.
    /// </summary>
    Task<SubmitResult?> SubmitRunAsync(RunRequest request, string multitask, CancellationToken cancellationToken);

    /// <summary>
    /// A run of this thread finished (<paramref name="status"/> is one of <see cref="RunStatus"/>): a completed run's
    /// <paramref name="report"/> becomes the assistant's message, and the next queued run starts. One way, so a run
    /// never waits on its thread and no call cycle can form; the thread also asks its active run when it has not
    /// heard, so a lost notice delays nothing a reader can see.
    /// </summary>
    [OneWay]
    Task RunFinishedAsync(string runId, string status, string? report);

    /// <summary>The thread's runs; null when the thread is not visible to <paramref name="requesterId"/>.</summary>
    Task<ThreadRuns?> GetRunsAsync(string requesterId, CancellationToken cancellationToken);
}
