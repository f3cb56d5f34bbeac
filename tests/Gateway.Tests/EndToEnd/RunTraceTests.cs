using System.Diagnostics;
using Netra.Gateway.Tests.Agents;
using Netra.Grains.Agents;
using Netra.Grains.Events;
using Netra.Runtime;
using Netra.Runtime.Placement;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>
/// A run's spans on silos of one process: one trace, the one of the request that submitted the run, across the
/// timer that runs its pipeline, the queue it waits in, and a resume on another silo after its silo is killed.
/// </summary>
public sealed class RunTraceTests : IAsyncLifetime
{
    private static readonly ActivitySource s_gateway = new("Netra.Tests.Gateway");
    private readonly SpanRecorder _spans = new("Netra.");
    private AgentCluster _agents = null!;

    public async Task InitializeAsync() => _agents = await AgentCluster.StartAsync("runtraces");

    public async Task DisposeAsync()
    {
        await _agents.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public async Task A_run_resumed_on_another_silo_after_its_silo_is_killed_is_still_one_trace_with_the_request_that_submitted_it()
    {
        var user = $"u{Guid.NewGuid():N}";
        await using var events = await _agents.WatchAsync(user);
        var script = new AgentTestHooks.Script { HoldAgent = AgentNames.Actions };
        var (request, run) = await SubmitAsync(user, "Where is my spend going in the dataset demo?", script);
        await script.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var owner = new ConsistentHashRing(_agents.Cluster.LiveSilos.Select(s => s.Address)).OwnerOf(GrainId.Create("supervisor", run.RunId));
        _agents.Cluster.KillSilo(_agents.Cluster.LiveSilos.Single(s => s.Address == owner));
        script.Release.TrySetResult();
        await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted, timeoutMs: 60_000, onError: true);
        await SpanRecorder.WaitUntilAsync(
            () => Pipelines(run.RunId).Any(p => p.GetTagItem("netra.agent.outcome") as string == "completed"), "the resumed pipeline's span to end");

        var spans = _spans.OfRun(run.RunId);
        Assert.All(spans, s => Assert.Equal(request.TraceId, s.TraceId));
        Assert.Contains(Pipelines(run.RunId), p => p.GetTagItem("netra.run.resumed") is true && p.GetTagItem("netra.run.completed_steps") is 3);
        Assert.Equal(
            [AgentNames.Actions, AgentNames.Data, AgentNames.Optimizations, AgentNames.Reporting, AgentNames.Triage],
            spans.Where(s => s.OperationName.StartsWith("invoke_agent ", StringComparison.Ordinal) && s.OperationName != "invoke_agent supervisor")
                .Select(s => (string)s.GetTagItem("gen_ai.agent.name")!).Distinct().Order());
        var subAgentCalls = _spans.Stopped.Where(s => s.Source.Name == "Netra.Runtime" && s.OperationName.EndsWith("/ExecuteAsync", StringComparison.Ordinal)
            && (s.GetTagItem("netra.grain") as string)?.EndsWith(run.RunId, StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(subAgentCalls);
        Assert.All(subAgentCalls, s => Assert.Equal(request.TraceId, s.TraceId));
    }

    [Fact]
    public async Task A_queued_run_is_traced_under_the_request_that_submitted_it_and_links_the_run_whose_end_started_it()
    {
        var user = $"u{Guid.NewGuid():N}";
        await using var events = await _agents.WatchAsync(user);
        var script = new AgentTestHooks.Script { HoldAgent = AgentNames.Reporting };
        var (firstRequest, first) = await SubmitAsync(user, "Where does my money go in the dataset demo?", script);
        await script.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (secondRequest, second) = await SubmitAsync(user, "Give me an overview of the dataset demo", threadId: first.ThreadId);
        script.Release.TrySetResult();
        await events.WaitForAsync(second.RunId, UserEventTypes.AgentCompleted, onError: true);
        await SpanRecorder.WaitUntilAsync(() => Pipelines(second.RunId).Any(), "the second run's pipeline span to end");

        Assert.All(_spans.OfRun(first.RunId), s => Assert.Equal(firstRequest.TraceId, s.TraceId));
        Assert.All(_spans.OfRun(second.RunId), s => Assert.Equal(secondRequest.TraceId, s.TraceId));
        var start = Assert.Single(_spans.OfRun(second.RunId), s => s.OperationName == "start_run");
        Assert.Contains(start.Links, l => l.Context.TraceId == firstRequest.TraceId);
        Assert.NotEqual(firstRequest.TraceId, secondRequest.TraceId);
    }

    /// <summary>Submits a run inside a span that stands for the gateway request, as a WebSocket action would.</summary>
    private async Task<(Activity Request, Grains.Runs.RunRequest Run)> SubmitAsync(
        string user, string message, AgentTestHooks.Script? script = null, string? threadId = null)
    {
        using var request = s_gateway.StartActivity("ws user_message", ActivityKind.Server, default(ActivityContext))!;
        var run = await _agents.SubmitAsync(user, message, threadId, script: script);
        return (request, run);
    }

    private IEnumerable<Activity> Pipelines(string runId) =>
        _spans.OfRun(runId).Where(s => s.OperationName == $"invoke_agent {AgentNames.Supervisor}");
}
