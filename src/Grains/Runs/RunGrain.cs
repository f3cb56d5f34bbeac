using System.Text.Json;
using Netra.Grains.Agents;
using Netra.Grains.Events;
using Netra.Grains.Threads;
using Netra.Runtime;
using Netra.Runtime.Invocation;
using Netra.Runtime.Streams;

namespace Netra.Grains.Runs;

/// <summary>
/// One run: its status, steps, report and its own events. The pipeline is run by the run's <see cref="ISupervisorGrain"/>;
/// every event of the run goes through <see cref="EmitAsync"/>, which publishes it on the owner's stream exactly
/// once by its key, even when a step is retried or the run resumes on another silo after a crash.
/// </summary>
public sealed partial class RunGrain(
    [PersistentState("run")] IPersistentState<RunState> state,
    IStreamProvider streams,
    TimeProvider time) : Grain, IRunGrain
{
    private RunRequest Request => state.State.Request!;

    private IAsyncStream<UserEvent> Stream => streams.GetStream<UserEvent>(UserStreams.For(Request.UserId));

    public async Task InitializeAsync(RunRequest request)
    {
        if (state.State.Request is not null)
        {
            return;
        }

        state.State = new RunState { Request = request, TraceParent = RuntimeTracing.CurrentTraceParent };
        await state.WriteStateAsync();
    }

    public async Task StartAsync()
    {
        if (state.State.Request is null || state.State.Status is not (RunStatus.Queued or RunStatus.Running))
        {
            return;
        }

        // The run may start long after its submit, from the end of the thread's previous run: back in its own trace.
        // Only the real start is a span; the watchdog's repeats of a running run's start are not the run's story.
        using var span = state.State.Status == RunStatus.Queued ? RunTracing.StartRun(Request, state.State.TraceParent) : null;

        // Listed as under way before it is marked running, so whichever call a silo's death cuts short leaves a run
        // that something repairs: unlisted, it is still queued and reading its thread starts it again; listed, the
        // watchdog calls this again. Running already, this finishes such a start. Each step is idempotent: the shard
        // keeps a run once, the event is published once by its key, and a supervisor that has the request ignores it
        // (activating it resumes the run where it stopped). The supervisor's call interleaves: a running pipeline
        // calls back into this run, so waiting behind it would deadlock.
        await GrainFactory.GetGrain<IActiveRunsGrain>(ActiveRunsGrain.ShardOf(Request.RunId)).AddAsync(Request.RunId);
        if (state.State.Status == RunStatus.Queued)
        {
            state.State = state.State with { Status = RunStatus.Running, StartedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
            RunTelemetry.Started();
        }

        await PublishAsync(new RunEvent("run:started", UserEventTypes.AgentStarted, AgentNames.Supervisor, Json(new { message = Request.Message })));
        await GrainFactory.GetGrain<ISupervisorGrain>(Request.RunId).EnsureStartedAsync(
            Request, span?.Id ?? state.State.TraceParent); // a repair by the watchdog keeps the pipeline in the run's trace
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

        var started = state.State.Status == RunStatus.Running;
        if (started)
        {
            await GrainFactory.GetGrain<ISupervisorGrain>(Request.RunId).CancelAsync();
        }

        await FinishAsync(RunStatus.Cancelled, "cancelled", started
            ? new RunEvent("run:cancelled", UserEventTypes.AgentError, AgentNames.Supervisor, Json(new { code = "cancelled", message = "The run was cancelled." }))
            : null);
        return true;
    }

    public async Task<long> EmitAsync(RunEvent runEvent) =>
        state.State.Status == RunStatus.Running ? await PublishAsync(runEvent) : 0;

    public async Task RecordStepAsync(RunStep step)
    {
        if (state.State.Status != RunStatus.Running)
        {
            return;
        }

        state.State = state.State with { Steps = [.. state.State.Steps, step] };
        await state.WriteStateAsync();
    }

    public async Task CompleteAsync(string report, string resultJson)
    {
        if (state.State.Status != RunStatus.Running)
        {
            return;
        }

        state.State = state.State with { Report = report, ResultJson = resultJson };
        using var result = JsonDocument.Parse(resultJson);
        await FinishAsync(RunStatus.Completed, null, new RunEvent(
            "run:completed", UserEventTypes.AgentCompleted, AgentNames.Supervisor, Json(new { report, result = result.RootElement })));
    }

    public async Task FailAsync(string code, string message)
    {
        if (state.State.Status != RunStatus.Running)
        {
            return;
        }

        await FinishAsync(RunStatus.Failed, message, new RunEvent(
            "run:failed", UserEventTypes.AgentError, AgentNames.Supervisor, Json(new { code, message })));
    }

    public Task<List<RunEventRecord>?> GetEventsAsync(string requesterId, long afterSeq) =>
        Task.FromResult(Owns(requesterId) ? state.State.Events.Where(e => e.Seq > afterSeq).ToList() : null);

    private async Task FinishAsync(string status, string? error, RunEvent? finalEvent)
    {
        if (finalEvent is not null)
        {
            await PublishAsync(finalEvent);
        }

        state.State = state.State with { Status = status, Error = error, FinishedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        RunTelemetry.Finished(status, state.State.StartedAt, state.State.FinishedAt!.Value);
        await GrainFactory.GetGrain<IActiveRunsGrain>(ActiveRunsGrain.ShardOf(Request.RunId)).RemoveAsync(Request.RunId);
        await GrainFactory.GetGrain<IThreadGrain>(Request.ThreadId).RunFinishedAsync(Request.RunId, status, state.State.Report);
    }

    private bool Owns(string requesterId) => state.State.Request?.UserId == requesterId;

    private RunView View() => new(
        Request.RunId, Request.ThreadId, Request.Message, state.State.Status, Request.CreatedAt, state.State.StartedAt,
        state.State.FinishedAt, state.State.Steps, state.State.Report, state.State.Error,
        state.State.Events.Count > 0 ? state.State.Events[0].Seq : 0, state.State.Events.Count > 0 ? state.State.Events[^1].Seq : 0,
        state.State.ResultJson);

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
