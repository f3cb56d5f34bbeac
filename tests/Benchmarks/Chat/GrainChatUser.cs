using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Grains.Threads;
using Netra.Runtime;
using Netra.Runtime.Streams;

namespace Netra.Benchmarks.Chat;

/// <summary>One side of the closed loop: a user who asks and waits for the run's end.</summary>
internal interface IChatUser : IAsyncDisposable
{
    /// <summary>
    /// Sends <paramref name="message"/> and returns when the run it started has ended: true on <c>agent_completed</c>,
    /// false on <c>agent_error</c> (the run failed, e.g. its steps ran out of retries). Anything else throws.
    /// </summary>
    Task<bool> AskAsync(string message, CancellationToken cancellationToken);
}

/// <summary>
/// The baseline's user: the same pipeline without the gateway. It creates its thread on the thread grain, subscribes
/// to its own stream <c>user/{id}</c> as the gateway's hub does (from now), and for each message submits a run to
/// <see cref="IThreadGrain.SubmitRunAsync"/> and waits for that run's <c>agent_completed</c> on the stream. No socket,
/// no JSON frames, no token, no rate limiter.
/// </summary>
internal sealed class GrainChatUser : IChatUser
{
    private readonly IClusterClient _grains;
    private readonly string _userId;
    private readonly string _threadId;
    private readonly Lock _gate = new();
    private StreamSubscription? _subscription;
    private string? _runId;
    private TaskCompletionSource<bool>? _completed;

    private GrainChatUser(IClusterClient grains, string userId, string threadId)
    {
        _grains = grains;
        _userId = userId;
        _threadId = threadId;
    }

    public static async Task<GrainChatUser> StartAsync(IClusterClient grains, IStreamProvider streams, string userId)
    {
        var threadId = ThreadIds.New();
        await grains.GetGrain<IThreadGrain>(threadId).CreateAsync(userId, "benchmark", CancellationToken.None);
        var user = new GrainChatUser(grains, userId, threadId);
        user._subscription = await streams.GetStream<UserEvent>(UserStreams.For(userId))
            .SubscribeAsync(user.OnItemsAsync, StreamSubscriptionOptions.FromNow);
        return user;
    }

    public async Task<bool> AskAsync(string message, CancellationToken cancellationToken)
    {
        var request = new RunRequest($"run_{Guid.NewGuid():N}", _userId, _threadId, message, DateTimeOffset.UtcNow);
        var completed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _runId = request.RunId;
            _completed = completed;
        }

        var submitted = await _grains.GetGrain<IThreadGrain>(_threadId).SubmitRunAsync(request, MultitaskMode.Enqueue, cancellationToken);
        if (submitted is not { Accepted: true })
        {
            throw new InvalidOperationException($"The thread refused the run of '{message}'.");
        }

        return await completed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private Task OnItemsAsync(IReadOnlyList<StreamItem<UserEvent>> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            var value = item.Value;
            if (value.Type is not (UserEventTypes.AgentCompleted or UserEventTypes.AgentError))
            {
                continue;
            }

            lock (_gate)
            {
                if (value.RunId != _runId || _completed is null)
                {
                    continue;
                }

                _completed.TrySetResult(value.Type == UserEventTypes.AgentCompleted);
            }
        }

        return Task.CompletedTask;
    }
}
