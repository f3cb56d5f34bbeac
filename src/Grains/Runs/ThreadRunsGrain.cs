using Netra.Grains.Threads;
using Netra.Runtime;

namespace Netra.Grains.Runs;

/// <summary>
/// A thread's run queue. An accepted run's message joins the thread's messages. One run is active at a time; a new run is refused, queued behind it, or started after
/// cancelling it, as its multitask mode says. Runs report their end one way (<see cref="IThreadRunsGrain.RunFinishedAsync"/>),
/// so a cancel from here never waits on a call back into here.
/// </summary>
public sealed class ThreadRunsGrain([PersistentState("runs")] IPersistentState<ThreadRunsState> state) : Grain, IThreadRunsGrain
{
    public async Task<SubmitResult> SubmitAsync(RunRequest request, string multitask)
    {
        var active = state.State.ActiveRunId;
        if (active is not null && multitask == MultitaskMode.Reject)
        {
            return new SubmitResult(false, RunStatus.Queued, active);
        }

        var run = GrainFactory.GetGrain<IRunGrain>(request.RunId);
        await run.InitializeAsync(request);
        await GrainFactory.GetGrain<IThreadGrain>(request.ThreadId)
            .AppendMessageAsync(request.UserId, MessageRoles.User, request.Message, request.RunId, CancellationToken.None);
        if (active is not null && multitask == MultitaskMode.Enqueue)
        {
            state.State = state.State with { Queued = [.. state.State.Queued, request.RunId] };
            await state.WriteStateAsync();
            return new SubmitResult(true, RunStatus.Queued, active);
        }

        if (active is not null)
        {
            await GrainFactory.GetGrain<IRunGrain>(active).CancelAsync(request.UserId);
        }

        state.State = state.State with { ActiveRunId = request.RunId };
        await state.WriteStateAsync();
        await run.StartAsync();
        return new SubmitResult(true, RunStatus.Running, active);
    }

    public async Task RunFinishedAsync(string runId)
    {
        if (state.State.ActiveRunId != runId)
        {
            if (state.State.Queued.Contains(runId))
            {
                state.State = state.State with { Queued = [.. state.State.Queued.Where(id => id != runId)] };
                await state.WriteStateAsync();
            }

            return;
        }

        var next = state.State.Queued.FirstOrDefault();
        state.State = state.State with { ActiveRunId = next, Queued = [.. state.State.Queued.Skip(1)] };
        await state.WriteStateAsync();
        if (next is not null)
        {
            await GrainFactory.GetGrain<IRunGrain>(next).StartAsync();
        }
    }
}
