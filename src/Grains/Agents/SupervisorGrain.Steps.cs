using System.Text.Json;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Runtime;

namespace Netra.Grains.Agents;

/// <summary>One step: hooks, the sub-agent call with a timeout, and retries with exponential backoff and jitter.</summary>
public sealed partial class SupervisorGrain
{
    private async Task RunStepAsync(string agent, CancellationToken cancellationToken)
    {
        if (state.State.Outputs.ContainsKey(agent))
        {
            return; // completed before a crash: never run twice
        }

        var settings = options.Value;
        await EmitAsync(Update(agent, "started", $"{agent}:started"));
        for (var attempt = 1; ; attempt++)
        {
            var context = new AgentStepContext(Request.RunId, Request.UserId, agent, attempt);
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            step.CancelAfter(settings.StepTimeout);
            using var span = AgentTracing.StartStep(Request, agent, attempt); // ended before a retry's backoff
            try
            {
                foreach (var hook in hooks)
                {
                    await hook.BeforeAgentAsync(context, step.Token);
                }

                var outcome = await SurviveFailoverAsync(() => DispatchAsync(agent, NewTask(), step.Token), step.Token);
                foreach (var hook in hooks)
                {
                    await hook.AfterAgentAsync(context, outcome, cancellationToken);
                }

                await CompleteStepAsync(agent, outcome);
                AgentTracing.Ended(span, RunStatus.Completed);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                AgentTracing.Ended(span, _cancelled ? RunStatus.Cancelled : "interrupted");
                throw;
            }
            catch (Exception exception) when (attempt < settings.MaxAttempts && IsTransient(exception))
            {
                var failure = step.IsCancellationRequested ? new TimeoutException($"{agent} took longer than {settings.StepTimeout}.", exception) : exception;
                AgentTracing.Ended(span, "retrying", failure);
                span?.Stop();
                var delay = Backoff(settings, attempt);
                foreach (var hook in hooks)
                {
                    await hook.OnRetryAsync(context, failure, delay, cancellationToken);
                }

                await EmitAsync(Update(agent, "retrying", $"{agent}:retrying:{attempt}", new { attempt, next_attempt_in_ms = (long)delay.TotalMilliseconds, error = failure.Message }));
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (Exception exception)
            {
                AgentTracing.Ended(span, RunStatus.Failed, exception);
                foreach (var hook in hooks)
                {
                    await hook.OnErrorAsync(context, exception, cancellationToken);
                }

                await EmitAsync(Update(agent, "failed", $"{agent}:failed", new { attempts = attempt, error = exception.Message }));
                throw;
            }
        }
    }

    private AgentTask NewTask() => new(Request.RunId, Request.UserId, Request.ThreadId, Request.Message, new Dictionary<string, string>(state.State.Outputs));

    private Task<AgentOutcome> DispatchAsync(string agent, AgentTask task, CancellationToken cancellationToken) => agent switch
    {
        AgentNames.Triage => GrainFactory.GetGrain<ITriageAgentGrain>(task.RunId).ExecuteAsync(task, cancellationToken),
        AgentNames.Data => GrainFactory.GetGrain<IDataAgentGrain>(task.RunId).ExecuteAsync(task, cancellationToken),
        AgentNames.Optimizations => GrainFactory.GetGrain<IOptimizationsAgentGrain>(task.RunId).ExecuteAsync(task, cancellationToken),
        AgentNames.Actions => GrainFactory.GetGrain<IActionsAgentGrain>(task.RunId).ExecuteAsync(task, cancellationToken),
        AgentNames.Reporting => GrainFactory.GetGrain<IReportingAgentGrain>(task.RunId).ExecuteAsync(task, cancellationToken),
        _ => throw new ArgumentException($"Unknown agent '{agent}'.", nameof(agent)),
    };

    private async Task CompleteStepAsync(string agent, AgentOutcome outcome)
    {
        await _writes.WaitAsync();
        try
        {
            state.State = state.State with { Outputs = new Dictionary<string, string>(state.State.Outputs) { [agent] = outcome.OutputJson } };
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }

        await SurviveFailoverAsync(async () =>
        {
            await Run.RecordStepAsync(new RunStep(agent, "completed", time.GetUtcNow()));
            return true;
        }, CancellationToken.None);
        await EmitAsync(Update(agent, "completed", $"{agent}:completed", new { summary = outcome.Summary }));
    }

    private static RunEvent Update(string agent, string status, string key, object? extra = null)
    {
        var data = new Dictionary<string, object?> { ["sub_agent"] = agent, ["status"] = status };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                data[property.Name] = property.Value;
            }
        }

        return new RunEvent(key, UserEventTypes.SubAgentUpdate, agent, JsonSerializer.Serialize(data));
    }

    private static bool IsTransient(Exception exception) => exception is not (AgentFailureException or ArgumentException);

    /// <summary>
    /// Repeats <paramref name="call"/> while a silo it needs has died and membership has not yet moved its grains
    /// (a few seconds): that is failover, not a failure of the step, so it does not use up an attempt.
    /// </summary>
    private async Task<T> SurviveFailoverAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (SiloUnavailableException) when (time.GetElapsedTime(started) < FailoverWindow)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        }
    }

    private static TimeSpan Backoff(AgentOptions settings, int attempt)
    {
        var exponential = settings.RetryBackoff * Math.Pow(2, attempt - 1);
        return exponential * (1 + (Random.Shared.NextDouble() * 0.5));
    }
}
