using Netra.Grains.Agents;
using Netra.Grains.Events;
using Netra.Grains.Runs;
using Netra.Grains.Threads;
using Netra.Runtime;
using Netra.Runtime.Placement;

namespace Netra.Gateway.Tests.Agents;

/// <summary>The supervisor and its sub-agents as grains on two silos with PostgreSQL: events, strategies, retries, cancel and crash resume.</summary>
public sealed class AgentPipelineTests : IAsyncLifetime
{
    private AgentCluster _agents = null!;

    public async Task InitializeAsync() => _agents = await AgentCluster.StartAsync("agents");

    public async Task DisposeAsync() => await _agents.DisposeAsync();

    [Fact]
    public async Task A_full_run_emits_its_events_in_order_and_reports_numbers_from_the_tools()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);

        var run = await _agents.SubmitAsync(user, "Where is my LLM spend going in the dataset demo, and how do I cut it 30%?");
        var completed = await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted, onError: true);

        var mine = events.Of(run.RunId);
        Assert.Equal(Enumerable.Range((int)mine[0].Sequence, mine.Count).Select(i => (long)i), mine.Select(e => e.Sequence));
        Assert.Equal(UserEventTypes.AgentStarted, mine[0].Value.Type);
        Assert.Equal(UserEventTypes.AgentCompleted, mine[^1].Value.Type);
        var steps = mine.Where(e => e.Value.Type == UserEventTypes.SubAgentUpdate && Status(e) == "completed").Select(e => e.Value.AgentName!).ToList();
        Assert.Equal(AgentNames.Pipeline.ToHashSet(), steps.ToHashSet());
        Assert.Equal(AgentNames.Triage, steps[0]);
        Assert.Equal(AgentNames.Reporting, steps[^1]);
        var tools = mine.Where(e => e.Value.Type == UserEventTypes.ToolCompleted).Select(e => e.Value.Data.GetProperty("tool").GetString()).ToList();
        Assert.Contains("cost_analyzer", tools);
        Assert.Contains("workload_profiler", tools);
        var report = completed.Value.Data.GetProperty("report").GetString()!;
        Assert.Contains("cost_analyzer", report);
        var actions = completed.Value.Data.GetProperty("result").GetProperty("actions").EnumerateArray().ToList();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.Contains(a.GetProperty("evidence").GetProperty("tool").GetString(), tools));
        Assert.Equal(Enumerable.Range(1, actions.Count), actions.Select(a => a.GetProperty("rank").GetInt32()));
        Assert.Contains($"Evidence: `{actions[0].GetProperty("evidence").GetProperty("tool").GetString()}`", report);
        var view = await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetAsync(user);
        Assert.Equal(RunStatus.Completed, view!.Status);
        Assert.Equal(mine.Count, (await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetEventsAsync(user, 0))!.Count);
    }

    [Fact]
    public async Task The_conditional_strategy_skips_steps_the_question_does_not_need()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);

        var overview = await _agents.SubmitAsync(user, "Give me an overview of the dataset demo");
        var weather = await _agents.SubmitAsync(user, "What will the weather be in Lisbon tomorrow?");
        await events.WaitForAsync(overview.RunId, UserEventTypes.AgentCompleted);
        var unanswerable = await events.WaitForAsync(weather.RunId, UserEventTypes.AgentCompleted);

        Assert.Equal([AgentNames.Triage, AgentNames.Data, AgentNames.Reporting], CompletedSteps(events, overview.RunId));
        Assert.Equal([AgentNames.Triage, AgentNames.Reporting], CompletedSteps(events, weather.RunId));
        Assert.Contains("cannot answer", unanswerable.Value.Data.GetProperty("report").GetString());
    }

    [Fact]
    public async Task A_tool_that_needs_what_the_question_did_not_give_says_why_and_the_run_still_reports()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);

        var run = await _agents.SubmitAsync(user, "What is our burn rate and when will we overrun the budget in the dataset demo?");
        var completed = await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted);

        var budget = Assert.Single(events.Of(run.RunId), e => e.Value.Type == UserEventTypes.ToolCompleted && e.Value.Data.GetProperty("tool").GetString() == "budget_monitor");
        Assert.Contains("budgets", budget.Value.Data.GetProperty("error").GetString());
        Assert.Contains(events.Of(run.RunId), e => e.Value.Type == UserEventTypes.ToolCompleted && e.Value.Data.GetProperty("tool").GetString() == "cost_forecaster"
            && !e.Value.Data.TryGetProperty("error", out _));
        Assert.False(string.IsNullOrEmpty(completed.Value.Data.GetProperty("report").GetString()));
    }

    [Fact]
    public async Task Each_multitask_mode_refuses_queues_or_interrupts_a_busy_thread()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);
        var first = await _agents.SubmitAsync(user, "Where does my money go in the dataset demo?", script: new() { HoldAgent = AgentNames.Reporting });

        var (refused, refusal) = await _agents.SubmitWithResultAsync(user, "Second question", first.ThreadId, MultitaskMode.Reject);
        var (queued, queuing) = await _agents.SubmitWithResultAsync(user, "Give me an overview of the dataset demo", first.ThreadId, MultitaskMode.Enqueue);
        var (interrupting, interruption) = await _agents.SubmitWithResultAsync(user, "Give me an overview of the dataset demo", first.ThreadId, MultitaskMode.Interrupt);
        var thread = _agents.Client.GetGrain<IThreadGrain>(first.ThreadId);
        var runsNow = await thread.GetRunsAsync(user, CancellationToken.None);

        Assert.Equal((false, first.RunId), (refusal!.Accepted, refusal.ActiveRunId));
        Assert.Equal((true, RunStatus.Queued, first.RunId), (queuing!.Accepted, queuing.Status, queuing.ActiveRunId));
        Assert.Equal((true, RunStatus.Running, first.RunId), (interruption!.Accepted, interruption.Status, interruption.ActiveRunId));
        Assert.Equal(RunStatus.Cancelled, (await _agents.Client.GetGrain<IRunGrain>(first.RunId).GetAsync(user))!.Status);
        Assert.Null(await _agents.Client.GetGrain<IRunGrain>(refused.RunId).GetAsync(user));
        Assert.Equal(interrupting.RunId, runsNow!.ActiveRunId);
        Assert.Equal([queued.RunId], runsNow.QueuedRunIds);
        Assert.Equal([first.RunId, queued.RunId, interrupting.RunId], runsNow.RunIds);

        await events.WaitForAsync(interrupting.RunId, UserEventTypes.AgentCompleted);
        await events.WaitForAsync(queued.RunId, UserEventTypes.AgentCompleted);
        var messages = await thread.GetMessagesAsync(user, CancellationToken.None);
        Assert.Equal(
            [(MessageRoles.User, first.RunId), (MessageRoles.User, queued.RunId), (MessageRoles.User, interrupting.RunId),
             (MessageRoles.Assistant, interrupting.RunId), (MessageRoles.Assistant, queued.RunId)],
            messages!.Select(m => (m.Role, m.RunId)));
    }

    [Fact]
    public async Task A_step_that_fails_transiently_is_retried_and_the_run_succeeds()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);

        var run = await _agents.SubmitAsync(user, "What is slow in the dataset demo?", script: new() { FailAgent = AgentNames.Data, Failures = 2 });
        await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted);

        var retries = events.Of(run.RunId).Where(e => e.Value.Type == UserEventTypes.SubAgentUpdate && Status(e) == "retrying").ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Equal(AgentNames.Data, r.Value.AgentName));
        Assert.Equal(3, AgentTestHooks.Attempts(run.RunId, AgentNames.Data));
    }

    [Fact]
    public async Task When_retries_run_out_the_run_fails_with_agent_error_and_a_useful_message()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);

        var run = await _agents.SubmitAsync(user, "What is slow in the dataset demo?", script: new() { FailAgent = AgentNames.Triage, Failures = 99 });
        var error = await events.WaitForAsync(run.RunId, UserEventTypes.AgentError);

        Assert.Contains("injected failure 3 of triage", error.Value.Data.GetProperty("message").GetString());
        var view = await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetAsync(user);
        Assert.Equal(RunStatus.Failed, view!.Status);
        Assert.DoesNotContain(events.Of(run.RunId), e => e.Value.Type == UserEventTypes.AgentCompleted);
    }

    [Fact]
    public async Task Cancel_takes_effect_within_a_second_and_says_so()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);
        var script = new AgentTestHooks.Script { HoldAgent = AgentNames.Data };
        var run = await _agents.SubmitAsync(user, "Where is my spend going in the dataset demo?", script: script);
        await script.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await _agents.Client.GetGrain<IRunGrain>(run.RunId).CancelAsync(user));
        var error = await events.WaitForAsync(run.RunId, UserEventTypes.AgentError);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancel took {clock.Elapsed}");
        Assert.Equal("cancelled", error.Value.Data.GetProperty("code").GetString());
        Assert.Equal(RunStatus.Cancelled, (await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetAsync(user))!.Status);
    }

    [Fact]
    public async Task A_run_resumes_on_another_silo_after_its_silo_is_killed_without_rerunning_completed_steps()
    {
        var user = NewUser();
        await using var events = await _agents.WatchAsync(user);
        var script = new AgentTestHooks.Script { HoldAgent = AgentNames.Actions };
        var run = await _agents.SubmitAsync(user, "Where is my spend going in the dataset demo?", script: script);
        await script.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var owner = new ConsistentHashRing(_agents.Cluster.LiveSilos.Select(s => s.Address)).OwnerOf(GrainId.Create("supervisor", run.RunId));
        _agents.Cluster.KillSilo(_agents.Cluster.LiveSilos.Single(s => s.Address == owner));
        script.Release.TrySetResult();
        await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted, timeoutMs: 60_000);

        var mine = events.Of(run.RunId);
        Assert.Equal(Enumerable.Range((int)mine[0].Sequence, mine.Count).Select(i => (long)i), mine.Select(e => e.Sequence));
        Assert.Equal(mine.Count, mine.Select(e => e.Value.Key).Distinct().Count());
        Assert.Equal(1, AgentTestHooks.Attempts(run.RunId, AgentNames.Triage));
        Assert.Equal(1, AgentTestHooks.Attempts(run.RunId, AgentNames.Data));
    }

    [Fact]
    public async Task A_threads_history_and_its_runs_survive_a_full_cluster_restart()
    {
        var user = NewUser();
        await using (var events = await _agents.WatchAsync(user))
        {
            var run = await _agents.SubmitAsync(user, "Where is my spend going in the dataset demo?");
            await events.WaitForAsync(run.RunId, UserEventTypes.AgentCompleted, onError: true);
            foreach (var silo in _agents.Cluster.LiveSilos.ToList())
            {
                await _agents.Cluster.StopSiloAsync(silo);
            }

            await _agents.Cluster.StartSiloAsync();
            await _agents.Cluster.StartSiloAsync();
            await _agents.Cluster.WaitForClusterAsync();

            var messages = await Eventually.ValueAsync(() => _agents.Client.GetGrain<IThreadGrain>(run.ThreadId).GetMessagesAsync(user, CancellationToken.None));
            Assert.Equal([MessageRoles.User, MessageRoles.Assistant], messages!.Select(m => m.Role));
            var view = await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetAsync(user);
            Assert.Equal(RunStatus.Completed, view!.Status);
            Assert.Equal(messages![1].Content, view.Report);
            Assert.Equal(events.Of(run.RunId).Count, (await _agents.Client.GetGrain<IRunGrain>(run.RunId).GetEventsAsync(user, 0))!.Count);
        }
    }

    [Fact]
    public async Task Two_users_running_at_once_see_nothing_of_each_others()
    {
        var alice = NewUser();
        var bob = NewUser();
        await using var aliceEvents = await _agents.WatchAsync(alice);
        await using var bobEvents = await _agents.WatchAsync(bob);

        var runs = await Task.WhenAll(
            _agents.SubmitAsync(alice, "Where is my spend going in the dataset demo?"),
            _agents.SubmitAsync(bob, "What is slow in the dataset demo?"));
        await aliceEvents.WaitForAsync(runs[0].RunId, UserEventTypes.AgentCompleted);
        await bobEvents.WaitForAsync(runs[1].RunId, UserEventTypes.AgentCompleted);

        Assert.All(aliceEvents.Items, e => Assert.Equal(runs[0].RunId, e.Value.RunId));
        Assert.All(bobEvents.Items, e => Assert.Equal(runs[1].RunId, e.Value.RunId));
        Assert.Null(await _agents.Client.GetGrain<IRunGrain>(runs[0].RunId).GetAsync(bob));
        Assert.Null(await _agents.Client.GetGrain<IThreadGrain>(runs[0].ThreadId).GetAsync(bob, CancellationToken.None));
    }

    private static List<string?> CompletedSteps(AgentCluster.EventLog events, string runId) =>
        [.. events.Of(runId).Where(e => e.Value.Type == UserEventTypes.SubAgentUpdate && Status(e) == "completed").Select(e => e.Value.AgentName)];

    private static string? Status(Runtime.Streams.StreamItem<UserEvent> item) => item.Value.Data.GetProperty("status").GetString();

    private static string NewUser() => $"u{Guid.NewGuid():N}"[..20];
}
