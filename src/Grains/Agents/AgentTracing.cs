using System.Diagnostics;
using Netra.Grains.Runs;

namespace Netra.Grains.Agents;

/// <summary>
/// The agents' spans, after the OpenTelemetry GenAI conventions for agents: <c>invoke_agent supervisor</c> for each
/// execution of a run's pipeline (a run that resumed after a crash has two, on two silos), and
/// <c>invoke_agent {agent}</c> under it for each attempt of a step. The supervisor span's parent is the run's stored
/// traceparent (see <see cref="RunTracing"/>), never the timer tick or the watchdog call that happened to wake it.
/// </summary>
public static class AgentTracing
{
    /// <summary>The name of the agents' <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "Netra.Agents";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>
    /// Starts the span of one execution of <paramref name="request"/>'s pipeline under <paramref name="traceParent"/>;
    /// <paramref name="completedSteps"/> is how many steps an earlier execution finished. Null when nobody listens.
    /// </summary>
    internal static Activity? StartPipeline(RunRequest request, string? traceParent, bool resumed, int completedSteps) =>
        RunTracing.StartUnder(s_source, $"invoke_agent {AgentNames.Supervisor}", traceParent, request,
        [
            new("gen_ai.operation.name", "invoke_agent"),
            new("gen_ai.agent.name", AgentNames.Supervisor),
            new("netra.run.resumed", resumed),
            new("netra.run.completed_steps", completedSteps),
        ]);

    /// <summary>Starts the span of one attempt of <paramref name="agent"/>, under the current (pipeline) span.</summary>
    internal static Activity? StartStep(RunRequest request, string agent, int attempt)
    {
        var activity = s_source.StartActivity($"invoke_agent {agent}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "invoke_agent");
            activity.SetTag("gen_ai.agent.name", agent);
            activity.SetTag("gen_ai.conversation.id", request.ThreadId);
            activity.SetTag(RunTracing.RunIdAttribute, request.RunId);
            activity.SetTag("netra.agent.attempt", attempt);
        }

        return activity;
    }

    /// <summary>Records how the pipeline or a step ended: <c>completed</c>, <c>failed</c>, <c>cancelled</c> or <c>interrupted</c>.</summary>
    internal static void Ended(Activity? activity, string outcome, Exception? failure = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("netra.agent.outcome", outcome);
        if (failure is not null)
        {
            activity.SetTag("error.type", failure is AgentFailureException agentFailure ? agentFailure.Code : failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        }
    }
}
