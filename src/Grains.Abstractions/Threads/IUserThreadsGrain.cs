using Netra.Runtime;

namespace Netra.Grains.Threads;

/// <summary>
/// The index of one user's threads: their ids, newest first. The key is the user id. Only
/// <see cref="IThreadGrain"/> changes it, when a thread is created or deleted.
/// </summary>
public interface IUserThreadsGrain : IGrainWithStringKey
{
    /// <summary>Puts <paramref name="threadId"/> first in the index; idempotent.</summary>
    Task AddAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="threadId"/> out of the index; idempotent.</summary>
    Task RemoveAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>The user's thread ids, newest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);
}
