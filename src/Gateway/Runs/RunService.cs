using Netra.Gateway.Threads;
using Netra.Gateway.WebSockets;
using Netra.Grains.Runs;
using Netra.Grains.Threads;
using Netra.Runtime;

namespace Netra.Gateway.Runs;

/// <summary>Starts, reads and cancels runs for the HTTP API and the socket alike.</summary>
public sealed class RunService(IClusterClient grains, ThreadService threads, TimeProvider time) : IChatCommands
{
    /// <summary>Starts a run of <paramref name="message"/> on <paramref name="threadId"/>, or on a new thread when it is null.</summary>
    public async Task<RunStart> StartAsync(string userId, string? threadId, string message, string multitask, CancellationToken cancellationToken)
    {
        ThreadView? thread = threadId is null
            ? await threads.CreateAsync(userId, TitleFrom(message), cancellationToken)
            : await threads.GetAsync(userId, threadId, cancellationToken);
        if (thread is null)
        {
            return new RunStart(RunStartOutcome.ThreadNotFound, null, null);
        }

        var request = new RunRequest($"run_{Guid.NewGuid():N}", userId, thread.Id, message, time.GetUtcNow());
        var submitted = await grains.GetGrain<IThreadGrain>(thread.Id).SubmitRunAsync(request, multitask, cancellationToken);
        if (submitted is null)
        {
            return new RunStart(RunStartOutcome.ThreadNotFound, null, null);
        }

        if (!submitted.Accepted)
        {
            return new RunStart(RunStartOutcome.Conflict, null, submitted.ActiveRunId);
        }

        var run = await grains.GetGrain<IRunGrain>(request.RunId).GetAsync(userId);
        return new RunStart(RunStartOutcome.Started, run, submitted.ActiveRunId);
    }

    /// <summary>How many runs <see cref="ListAsync"/> shows.</summary>
    public const int MaxListedRuns = 50;

    /// <summary>The thread's latest runs, newest first; null when the thread is not the user's.</summary>
    public async Task<ThreadRunsResponse?> ListAsync(string userId, string threadId, CancellationToken cancellationToken)
    {
        if (!ThreadIds.IsValid(threadId) || await grains.GetGrain<IThreadGrain>(threadId).GetRunsAsync(userId, cancellationToken) is not { } runs)
        {
            return null;
        }

        var latest = runs.RunIds.Reverse().Take(MaxListedRuns).Select(id => grains.GetGrain<IRunGrain>(id).GetAsync(userId));
        var views = await Task.WhenAll(latest);
        return new ThreadRunsResponse(runs.ActiveRunId, runs.QueuedRunIds, [.. views.OfType<RunView>().Select(RunResponse.From)]);
    }

    /// <summary>The user's run, or null: missing, malformed and someone else's look the same.</summary>
    public async Task<RunView?> GetAsync(string userId, string runId) =>
        IsRunId(runId) ? await grains.GetGrain<IRunGrain>(runId).GetAsync(userId) : null;

    /// <summary>Cancels the user's run; null if it is not theirs.</summary>
    public async Task<RunView?> CancelAsync(string userId, string runId)
    {
        if (!IsRunId(runId) || !await grains.GetGrain<IRunGrain>(runId).CancelAsync(userId))
        {
            return null;
        }

        return await grains.GetGrain<IRunGrain>(runId).GetAsync(userId);
    }

    /// <inheritdoc />
    public async Task<CommandOutcome> StartRunAsync(string userId, string? threadId, string message, CancellationToken cancellationToken)
    {
        var start = await StartAsync(userId, threadId, message, MultitaskMode.Enqueue, cancellationToken);
        return start.Outcome switch
        {
            RunStartOutcome.Started => CommandOutcome.Done,
            RunStartOutcome.ThreadNotFound => CommandOutcome.Refused("thread_not_found", "No such thread."),
            _ => CommandOutcome.Refused("run_conflict", "The thread already has an active run."),
        };
    }

    /// <inheritdoc />
    public async Task<CommandOutcome> StopRunAsync(string userId, string runId, CancellationToken cancellationToken) =>
        await CancelAsync(userId, runId) is null ? CommandOutcome.Refused("run_not_found", "No such run.") : CommandOutcome.Done;

    /// <summary>Whether <paramref name="runId"/> has the form <c>run_</c> and 32 hex digits.</summary>
    public static bool IsRunId(string? runId) =>
        runId is { Length: 36 } && runId.StartsWith("run_", StringComparison.Ordinal) && Guid.TryParseExact(runId.AsSpan(4), "N", out _);

    private static string TitleFrom(string message)
    {
        var line = message.Trim().Split('\n', 2)[0].Trim();
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}

/// <summary>How a start went.</summary>
public enum RunStartOutcome
{
    /// <summary>The run started or was queued.</summary>
    Started,

    /// <summary>The thread is not the user's.</summary>
    ThreadNotFound,

    /// <summary>Another run is active and the mode was <c>reject</c>.</summary>
    Conflict,
}

/// <summary>The result of a start: the outcome, the run when it started, and the run that was active.</summary>
public sealed record RunStart(RunStartOutcome Outcome, RunView? Run, string? ActiveRunId);
