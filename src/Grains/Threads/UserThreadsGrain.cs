using Netra.Runtime;

namespace Netra.Grains.Threads;

/// <summary>One user's thread ids, newest first, kept by <see cref="ThreadGrain"/> on create and delete.</summary>
public sealed class UserThreadsGrain([PersistentState("threads")] IPersistentState<UserThreadsState> state) : Grain, IUserThreadsGrain
{
    public async Task AddAsync(string threadId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(threadId);
        if (state.State.ThreadIds.Contains(threadId))
        {
            return;
        }

        state.State = state.State with { ThreadIds = state.State.ThreadIds.Insert(0, threadId) };
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task RemoveAsync(string threadId, CancellationToken cancellationToken)
    {
        if (!state.State.ThreadIds.Contains(threadId))
        {
            return;
        }

        state.State = state.State with { ThreadIds = state.State.ThreadIds.Remove(threadId) };
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.ThreadIds);
}
