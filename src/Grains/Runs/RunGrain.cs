using System.Text.Json;
using Microsoft.Extensions.Options;
using Netra.Grains.Events;
using Netra.Runtime;
using Netra.Runtime.Streams;

namespace Netra.Grains.Runs;

/// <summary>
/// One run. Until the agent pipeline lands (issue 5) this is the minimal supervisor the protocol needs: it emits
/// <c>agent_started</c>, <c>agent_thinking</c>, the triage sub-agent's <c>sub_agent_update</c>s and <c>agent_completed</c>,
/// one step per timer turn so a cancel can land between steps. Every event goes through the owner's stream, and the
/// run's state is written before each event, so a run that reactivates elsewhere resumes at its next step.
/// </summary>
public sealed partial class RunGrain(
    [PersistentState("run")] IPersistentState<RunState> state,
    IStreamProvider streams,
    IOptions<RunOptions> options,
    TimeProvider time) : Grain, IRunGrain
{
    private static readonly Step[] s_steps = [Step.Thinking, Step.TriageStarted, Step.TriageCompleted, Step.Completed];

    private IGrainTimer? _timer;

    private enum Step
    {
        Thinking,
        TriageStarted,
        TriageCompleted,
        Completed,
    }

    private RunRequest Request => state.State.Request!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == RunStatus.Running)
        {
            ScheduleNextStep(); // this run was under way on a silo that went away: carry on from its last step
        }

        return Task.CompletedTask;
    }

    public async Task InitializeAsync(RunRequest request)
    {
        if (state.State.Request is not null)
        {
            return;
        }

        state.State = new RunState { Request = request };
        await state.WriteStateAsync();
    }

    public async Task StartAsync()
    {
        if (state.State.Request is null || state.State.Status != RunStatus.Queued)
        {
            return;
        }

        state.State = state.State with { Status = RunStatus.Running, StartedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        var seq = await EmitAsync(UserEventTypes.AgentStarted, "supervisor", new { message = Request.Message });
        state.State = state.State with { FirstSeq = seq };
        await state.WriteStateAsync();
        ScheduleNextStep();
    }

    public Task<RunView?> GetAsync(string requesterId) => Task.FromResult(Owns(requesterId) ? View() : null);

    public async Task<bool> CancelAsync(string requesterId)
    {
        if (!Owns(requesterId))
        {
            return false;
        }

        if (RunStatus.IsFinished(state.State.Status))
        {
            return true;
        }

        _timer?.Dispose();
        var started = state.State.Status == RunStatus.Running;
        state.State = state.State with { Status = RunStatus.Cancelled, FinishedAt = time.GetUtcNow(), Error = "cancelled" };
        await state.WriteStateAsync();
        if (started)
        {
            await EmitAsync(UserEventTypes.AgentError, "supervisor", new { code = "cancelled", message = "The run was cancelled." });
        }

        await GrainFactory.GetGrain<IThreadRunsGrain>(Request.ThreadId).RunFinishedAsync(Request.RunId);
        return true;
    }

    private bool Owns(string requesterId) => state.State.Request?.UserId == requesterId;

    private RunView View() => new(
        Request.RunId, Request.ThreadId, Request.Message, state.State.Status, Request.CreatedAt, state.State.StartedAt,
        state.State.FinishedAt, state.State.Steps, state.State.Report, state.State.Error, state.State.FirstSeq, state.State.LastSeq);

    private void ScheduleNextStep()
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(RunNextStepAsync, options.Value.StepDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task RunNextStepAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status != RunStatus.Running)
        {
            return;
        }

        var step = s_steps[Math.Min(state.State.Steps.Count, s_steps.Length - 1)];
        await TakeStepAsync(step);
        if (state.State.Status == RunStatus.Running)
        {
            ScheduleNextStep();
        }
        else
        {
            await GrainFactory.GetGrain<IThreadRunsGrain>(Request.ThreadId).RunFinishedAsync(Request.RunId);
        }
    }

    private async Task RecordAsync(RunStep step, string? status = null, string? report = null)
    {
        state.State = state.State with
        {
            Steps = [.. state.State.Steps, step],
            Status = status ?? state.State.Status,
            Report = report ?? state.State.Report,
            FinishedAt = status is not null ? time.GetUtcNow() : state.State.FinishedAt,
        };
        await state.WriteStateAsync();
    }

    private async Task<long> EmitAsync(string type, string agent, object data)
    {
        var item = new UserEvent(type, JsonSerializer.SerializeToElement(data), Request.ThreadId, Request.RunId, agent, time.GetUtcNow());
        var seq = await streams.GetStream<UserEvent>(UserStreams.For(Request.UserId)).OnNextAsync(item);
        state.State = state.State with { LastSeq = seq };
        return seq;
    }
}
