using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Runtime;
using Netra.Runtime.Invocation;

namespace Netra.Grains.Agents;

/// <summary>
/// Runs one run's pipeline: Triage, then the stages Triage plans (Data and Optimizations side by side, then Actions,
/// then Reporting; fewer when the question needs fewer), each step with hooks, retries with backoff and jitter, and a
/// timeout. Every completed step's output is written before the next starts, so a run whose silo dies resumes on
/// another silo from its last completed step (the silos' <see cref="RunWatchdog"/> wakes it).
/// </summary>
public sealed partial class SupervisorGrain(
    [PersistentState("supervisor")] IPersistentState<SupervisorState> state,
    IEnumerable<IAgentHook> hooks,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<SupervisorGrain> logger) : Grain, ISupervisorGrain
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private CancellationTokenSource? _cancel;
    private bool _cancelled;
    private bool _scheduled;
    private bool _resumed;

    private RunRequest Request => state.State.Request!;

    private IRunGrain Run => GrainFactory.GetGrain<IRunGrain>(Request.RunId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == RunStatus.Running)
        {
            AgentLog.Resuming(logger, GetPrimaryKeyString(), state.State.Outputs.Count);
            _resumed = true;
            Schedule();
        }

        return Task.CompletedTask;
    }

    public async Task EnsureStartedAsync(RunRequest request, string? traceParent)
    {
        if (state.State.Request is not null)
        {
            return; // activating resumed a running run
        }

        state.State = new SupervisorState { Request = request, Status = RunStatus.Running, TraceParent = traceParent ?? RuntimeTracing.CurrentTraceParent };
        await state.WriteStateAsync();
        Schedule();
    }

    public async Task CancelAsync()
    {
        _cancelled = true;
        if (_cancel is { } cancel)
        {
            await cancel.CancelAsync();
        }
    }

    private void Schedule()
    {
        if (_scheduled)
        {
            return;
        }

        _scheduled = true;
        RegisterGrainTimer(RunPipelineAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task RunPipelineAsync(CancellationToken stopping)
    {
        // The pipeline runs in a timer tick, which carries no caller's values: name the run's user for every log line
        // and grain call of the run, here and on every silo its steps and tools run on.
        RequestContext.Set(RequestContext.UserIdKey, Request.UserId);
        // A timer tick runs outside any trace: the pipeline's span goes back under the run's own.
        using var span = AgentTracing.StartPipeline(Request, state.State.TraceParent, _resumed, state.State.Outputs.Count);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _cancel = cancel;
        if (_cancelled)
        {
            await cancel.CancelAsync();
        }

        try
        {
            await RunStepAsync(AgentNames.Triage, cancel.Token);
            var plan = PipelinePlan.From(state.State.Outputs[AgentNames.Triage]);
            await EmitAsync(new RunEvent("supervisor:plan", UserEventTypes.AgentThinking, AgentNames.Supervisor, JsonSerializer.Serialize(new
            {
                thought = plan.Explanation,
                stages = plan.Stages,
            })));
            foreach (var stage in plan.Stages)
            {
                if (PipelinePlan.Skip(stage, state.State.Outputs) is { Count: > 0 } skipped)
                {
                    await EmitAsync(new RunEvent($"supervisor:skip:{string.Join(',', skipped)}", UserEventTypes.AgentThinking, AgentNames.Supervisor,
                        JsonSerializer.Serialize(new { thought = $"Skipping {string.Join(" and ", skipped)}: the data step found no workload to analyse." })));
                }

                await Task.WhenAll(stage.Except(PipelinePlan.Skip(stage, state.State.Outputs)).Select(agent => RunStepAsync(agent, cancel.Token)));
            }

            var report = AgentOutputs.Report(state.State.Outputs);
            await SurviveFailoverAsync(async () =>
            {
                await Run.CompleteAsync(report.Markdown, report.ResultJson);
                return true;
            }, CancellationToken.None);
            await SetStatusAsync(RunStatus.Completed);
            AgentTracing.Ended(span, RunStatus.Completed);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !_cancelled)
        {
            // The activation is going away (its silo is stopping) without the run being cancelled: leave the run
            // as running, and the watchdog resumes it on another silo from its last completed step.
            AgentTracing.Ended(span, "interrupted");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await SetStatusAsync(RunStatus.Cancelled); // the run grain published the cancellation
            AgentTracing.Ended(span, RunStatus.Cancelled);
        }
        catch (Exception exception)
        {
            var (code, message) = exception is AgentFailureException failure
                ? (failure.Code, failure.Message)
                : ("agent_failed", $"The run failed: {exception.Message}");
            AgentLog.RunFailed(logger, exception, Request.RunId);
            AgentTracing.Ended(span, RunStatus.Failed, exception);
            await SurviveFailoverAsync(async () =>
            {
                await Run.FailAsync(code, message);
                return true;
            }, CancellationToken.None);
            await SetStatusAsync(RunStatus.Failed);
        }
        finally
        {
            _cancel = null;
        }
    }

    private async Task SetStatusAsync(string status)
    {
        await _writes.WaitAsync();
        try
        {
            state.State = state.State with { Status = status };
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>How long a call waits for membership to move the grains of a dead silo.</summary>
    private static readonly TimeSpan FailoverWindow = TimeSpan.FromSeconds(30);

    private Task<long> EmitAsync(RunEvent runEvent) => SurviveFailoverAsync(() => Run.EmitAsync(runEvent), CancellationToken.None);
}
