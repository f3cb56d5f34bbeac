using System.Collections.Immutable;
using Netra.Grains.Runs;

namespace Netra.Grains.Threads;

/// <summary>The thread's runs: one active at a time, the rest refused, queued or interrupting, as each asks.</summary>
public sealed partial class ThreadGrain
{
    private const string ReportCut = "\n\n… (the report was cut here; the whole report is in the run)";

    public async Task<SubmitResult?> SubmitRunAsync(RunRequest request, string multitask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsVisibleTo(request.UserId) || request.ThreadId != Id)
        {
            return null;
        }

        if (!MultitaskMode.IsValid(multitask))
        {
            throw new ArgumentException($"'{multitask}' is not a multitask mode; use reject, enqueue or interrupt.", nameof(multitask));
        }

        await CatchUpAsync(cancellationToken);
        var current = state.State;
        if (current.RunIds.Contains(request.RunId))
        {
            // A retry of a submit that was accepted.
            var queued = current.QueuedRunIds.Contains(request.RunId);
            return new SubmitResult(true, queued ? RunStatus.Queued : RunStatus.Running, current.ActiveRunId == request.RunId ? null : current.ActiveRunId);
        }

        var active = current.ActiveRunId;
        if (active is not null && multitask == MultitaskMode.Reject)
        {
            return new SubmitResult(false, RunStatus.Queued, active);
        }

        var run = Run(request.RunId);
        await run.InitializeAsync(request);
        AddMessage(MessageRoles.User, request.Message, request.RunId);
        var enqueue = active is not null && multitask == MultitaskMode.Enqueue;
        state.State = state.State with
        {
            RunIds = Capped(state.State.RunIds.Add(request.RunId)),
            QueuedRunIds = enqueue ? state.State.QueuedRunIds.Add(request.RunId) : state.State.QueuedRunIds,
        };
        await state.WriteStateAsync(cancellationToken);
        if (enqueue)
        {
            return new SubmitResult(true, RunStatus.Queued, active);
        }

        if (active is not null)
        {
            // Its end comes back one way and finds another run active, so it changes nothing.
            await Run(active).CancelAsync(request.UserId);
        }

        state.State = state.State with { ActiveRunId = request.RunId };
        await state.WriteStateAsync(cancellationToken);
        await run.StartAsync();
        return new SubmitResult(true, RunStatus.Running, active);
    }

    public async Task RunFinishedAsync(string runId, string status, string? report)
    {
        if (state.State.OwnerId is null || state.State.Deleted)
        {
            return;
        }

        await FinishRunAsync(runId, status, report, CancellationToken.None);
    }

    public async Task<ThreadRuns?> GetRunsAsync(string requesterId, CancellationToken cancellationToken)
    {
        if (!IsVisibleTo(requesterId))
        {
            return null;
        }

        await CatchUpAsync(cancellationToken);
        var current = state.State;
        return new ThreadRuns(current.RunIds, current.ActiveRunId, current.QueuedRunIds);
    }

    /// <summary>
    /// Asks the active run whether it finished, in case its one-way notice was lost (its silo died in between), and
    /// starts what a lost call left unstarted: an active run still queued (its start failed with a silo) or, with
    /// none active, the oldest queued run. What a reader sees never waits on a notice.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (state.State is not { OwnerId: { } owner })
        {
            return;
        }

        if (state.State.ActiveRunId is not { } active)
        {
            if (state.State.QueuedRunIds.Count > 0)
            {
                await StartNextAsync(cancellationToken);
            }

            return;
        }

        if (await Run(active).GetAsync(owner) is not { } view)
        {
            return;
        }

        if (view.Status == RunStatus.Queued)
        {
            await Run(active).StartAsync(); // idempotent: a run already started ignores it
        }
        else if (RunStatus.IsFinished(view.Status))
        {
            await FinishRunAsync(active, view.Status, view.Report, cancellationToken);
        }
    }

    private async Task FinishRunAsync(string runId, string status, string? report, CancellationToken cancellationToken)
    {
        if (state.State.ActiveRunId != runId)
        {
            if (state.State.QueuedRunIds.Contains(runId))
            {
                state.State = state.State with { QueuedRunIds = state.State.QueuedRunIds.Remove(runId) };
                await state.WriteStateAsync(cancellationToken);
            }

            return;
        }

        if (status == RunStatus.Completed && !string.IsNullOrEmpty(report))
        {
            AddMessage(MessageRoles.Assistant, Fit(report), runId);
        }

        state.State = state.State with { ActiveRunId = null };
        await StartNextAsync(cancellationToken);
    }

    /// <summary>Starts the oldest queued run that is still waiting (one cancelled in the queue is skipped), and writes the state.</summary>
    private async Task StartNextAsync(CancellationToken cancellationToken)
    {
        var owner = state.State.OwnerId!;
        while (state.State.QueuedRunIds is [var next, ..])
        {
            state.State = state.State with { ActiveRunId = next, QueuedRunIds = state.State.QueuedRunIds.RemoveAt(0) };
            await state.WriteStateAsync(cancellationToken);
            await Run(next).StartAsync();
            if (await Run(next).GetAsync(owner) is { } view && !RunStatus.IsFinished(view.Status))
            {
                return;
            }

            state.State = state.State with { ActiveRunId = null };
        }

        await state.WriteStateAsync(cancellationToken);
    }

    private IRunGrain Run(string runId) => GrainFactory.GetGrain<IRunGrain>(runId);

    private static string Fit(string report) =>
        report.Length <= ThreadLimits.MaxContentLength ? report : report[..(ThreadLimits.MaxContentLength - ReportCut.Length)] + ReportCut;

    private static ImmutableList<string> Capped(ImmutableList<string> ids) =>
        ids.Count > ThreadLimits.MaxRuns ? ids.RemoveRange(0, ids.Count - ThreadLimits.MaxRuns) : ids;
}
