using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netra.Gateway.Tests.EndToEnd;
using Netra.Grains.Agents;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Grains.Threads;
using Netra.Runtime;
using Netra.Runtime.Hosting;

namespace Netra.Gateway.Tests.Agents;

/// <summary>Runs that a silo's death left half started are finished by the watchdog, not left "running" for good.</summary>
public sealed class RunRecoveryTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new("Netra.");
    private AgentCluster _agents = null!;

    public async Task InitializeAsync() => _agents = await AgentCluster.StartAsync("recovery");

    public async Task DisposeAsync()
    {
        await _agents.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public async Task A_running_run_whose_supervisor_never_got_the_request_is_started_by_the_watchdog_in_the_runs_own_trace()
    {
        var user = $"u{Guid.NewGuid():N}"[..20];
        await using var events = await _agents.WatchAsync(user);
        var threadId = $"th_{Guid.NewGuid():N}";
        await _agents.Client.GetGrain<IThreadGrain>(threadId).CreateAsync(user, "recovery", CancellationToken.None);
        var request = new RunRequest($"run_{Guid.NewGuid():N}", user, threadId, "Where is my spend going in the dataset demo?", DateTimeOffset.UtcNow);

        // What a start cut short by a silo's death leaves: the run stored as running and listed as under way, while its
        // call to the supervisor never arrived (no supervisor state at all).
        var silo = _agents.Cluster.LiveSilos.First();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(SiloBuilder.DefaultStorageName);
        var json = silo.Services.GetRequiredService<IOptions<SiloOptions>>().Value.StateSerializerOptions;
        var runId = ((GrainReference)_agents.Client.GetGrain<IRunGrain>(request.RunId)).GrainId;
        var submitted = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = $"00-{submitted.TraceId}-{submitted.SpanId}-01";
        var running = new RunState { Request = request, Status = RunStatus.Running, StartedAt = DateTimeOffset.UtcNow, TraceParent = traceParent };
        await storage.WriteAsync(runId, "run", JsonSerializer.SerializeToUtf8Bytes(running, json), null, CancellationToken.None);
        await _agents.Client.GetGrain<IActiveRunsGrain>(ActiveRunsGrain.ShardOf(request.RunId)).AddAsync(request.RunId);

        await events.WaitForAsync(request.RunId, UserEventTypes.AgentCompleted);

        Assert.Equal(RunStatus.Completed, (await _agents.Client.GetGrain<IRunGrain>(request.RunId).GetAsync(user))!.Status);
        await SpanRecorder.WaitUntilAsync(
            () => _spans.OfRun(request.RunId).Any(s => s.OperationName == $"invoke_agent {AgentNames.Supervisor}"), "the repaired pipeline's span to end");
        var pipeline = _spans.OfRun(request.RunId).First(s => s.OperationName == $"invoke_agent {AgentNames.Supervisor}");
        Assert.Equal(submitted.TraceId, pipeline.TraceId);
        Assert.DoesNotContain(_spans.OfRun(request.RunId), s => s.OperationName == "start_run"); // a repair is not a start
    }
}
