using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Netra.Gateway.Tests.WebSockets;
using Netra.Runtime.Testing.Otlp;
using Xunit.Abstractions;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>Tests that start many processes and kill some: they run alone, after the tests that run side by side.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessesRunAloneCollection
{
    public const string Name = "Processes, run alone";
}

/// <summary>
/// Issue 8's end-to-end test: 3 silo processes and 2 gateway processes on a throwaway PostgreSQL, every one
/// exporting its spans over OTLP to a fake collector. Users chat over real WebSockets through both gateways (some are
/// on both); while their runs are in flight a silo that runs one of them is SIGKILLed and a gateway is restarted,
/// and its clients reconnect with after_seq. Every run completes, every client sees a gapless seq, and every run's
/// spans, from the gateway and from several silos, are one trace of its own.
/// </summary>
[Collection(ProcessesRunAloneCollection.Name)]
public sealed class ChatUnderFailureTests(ITestOutputHelper output)
{
    private const int RunsPerUser = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static readonly string[] s_questions =
    [
        "Where is my LLM spend going in the dataset demo, and how do I cut it 30%?",
        "What is slow in the dataset demo?",
        "Give me an overview of the dataset demo",
    ];

    [Fact]
    public async Task Chat_through_two_gateways_survives_a_killed_silo_and_a_restarted_gateway_gaplessly_with_one_trace_per_run()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, gateways: 2);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: 3 silos and 2 gateways up");
        var users = new List<ChatUser>();
        try
        {
            await ChatAsync(cluster, users, clock);
        }
        catch (Exception failure)
        {
            var sockets = string.Join('\n', users.SelectMany(u => u.Sockets).Select(s =>
                $"  {s.Label}: {s.Events.Count} events, last seq {(s.Events.Count > 0 ? s.Events[^1].Seq : 0)}, {s.Reconnects} reconnects, errors [{string.Join("; ", s.Errors)}]"));
            throw cluster.WithOutput(new InvalidOperationException($"{failure.Message}\nClients:\n{sockets}", failure));
        }
        finally
        {
            foreach (var socket in users.SelectMany(u => u.Sockets))
            {
                await socket.DisposeAsync();
            }
        }
    }

    private async Task ChatAsync(ProcessCluster cluster, List<ChatUser> users, Stopwatch clock)
    {
        var (a, b) = (cluster.Gateway("gateway-a"), cluster.Gateway("gateway-b"));
        using var http = b.CreateClient();

        // Users 0 and 1 are on both gateways (0 chats through a, 1 through b); 2 and 3 only on a; 4 and 5 only on b.
        users.AddRange(await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var id = $"e2e{i}{Guid.NewGuid():N}"[..16];
            var token = await KestrelGateway.TokenAsync(http, id);
            var home = i is 0 or 2 or 3 ? a : b;
            var sockets = new List<ChatSocket>();
            foreach (var gateway in i < 2 ? new[] { a, b } : [home])
            {
                sockets.Add(await ChatSocket.ConnectAsync(gateway.BaseAddress, id, $"{id}@{gateway.Name}", token));
            }

            return new ChatUser(id, token, home.Name, sockets, await CreateThreadAsync(home, token));
        })));

        await Task.WhenAll(users.Select(async user =>
        {
            var socket = user.Sockets.Single(s => s.Label.EndsWith(user.Home, StringComparison.Ordinal));
            foreach (var question in s_questions.Take(RunsPerUser))
            {
                await socket.SendAsync(new { action = "user_message", data = new { message = question, thread_id = user.ThreadId } });
            }
        }));
        foreach (var user in users)
        {
            var accepted = await Eventually(() => ListRunsAsync(http, user), runs => runs.Count == RunsPerUser, $"{user.Id}'s {RunsPerUser} runs to be accepted", users);
            user.RunIds.AddRange(accepted.Select(r => r.Id));
        }

        var runIds = users.SelectMany(u => u.RunIds).ToList();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {runIds.Count} runs submitted through both gateways");

        // The submissions' spans are at the collector before anything is killed; then the victim is the silo that
        // runs the pipeline of a run that has finished only its first step.
        await cluster.Collector.WaitUntilAsync(spans => RunTraces.SubmissionsArrived(spans, runIds.Count), Patience,
            spans => $"{spans.Count(s => s.Name == "ws user_message")} of {runIds.Count} action spans, with silo children");
        var inFlight = await cluster.Collector.WaitUntilAsync(spans => InFlight(spans, users) is not null, Patience,
            _ => "no run in flight with only its triage step done");
        var (victimRun, victim) = InFlight(inFlight, users)!.Value;
        var victimProcess = cluster.Silos.Single(s => s.Name == victim);
        victimProcess.Kill();
        await Eventually(() => Task.FromResult<object?>(victimProcess), _ => victimProcess.HasExited, $"{victim} to exit", users);
        var killedAt = DateTimeOffset.UtcNow; // whatever is stamped later was done by the survivors
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGKILLed {victim}, which runs the pipeline of {victimRun}");

        var (graceful, port) = await cluster.StopGatewayAsync("gateway-a");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: gateway-a stopped ({(graceful ? "on SIGTERM" : "SIGKILLed after 30 s")})");
        var restarted = await cluster.StartGatewayAsync("gateway-a", port);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: gateway-a restarted");
        await Task.WhenAll(users.SelectMany(u => u.Sockets).Where(s => s.Label.EndsWith("gateway-a", StringComparison.Ordinal))
            .Select(s => s.ReconnectAsync(restarted.BaseAddress, Patience)));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: gateway-a's clients reconnected with after_seq");

        foreach (var user in users)
        {
            var runs = await Eventually(() => ListRunsAsync(http, user), runs => runs.All(r => r.Status != "queued" && r.Status != "running"),
                $"{user.Id}'s runs to finish", users);
            Assert.All(runs, r => Assert.True(r.Status == "completed", $"Run {r.Id} of {user.Id} ended {r.Status}: {r.Error}"));
        }

        foreach (var socket in users.SelectMany(u => u.Sockets))
        {
            var user = users.Single(u => u.Id == socket.User);
            await Eventually(() => Task.FromResult<ChatSocket?>(socket), s => user.RunIds.All(s.Completions.ContainsKey), $"{socket.Label} to see every run complete", users);
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every run completed and every client saw it");
        AssertGaplessSeq(users);

        // Runs that completed after the kill completed on a survivor, which exports their last spans for sure; a run
        // that completed just before on the victim may have lost its last spans with the process.
        var completedAfterKill = runIds.Where(run => users.SelectMany(u => u.Sockets).Any(s => s.Completions.TryGetValue(run, out var at) && at > killedAt)).ToList();
        var spans = await cluster.Collector.WaitUntilAsync(s => RunTraces.Missing(s, completedAfterKill).Count == 0, Patience,
            s => string.Join("; ", RunTraces.Missing(s, completedAfterKill)));
        Assert.Empty(cluster.Collector.Errors);
        var resumed = RunTraces.AssertOneTracePerRun(spans, runIds);
        Assert.Contains(victimRun, resumed);
        var victimTrace = spans.First(s => s.Attribute(SpanRecorder.RunId) == victimRun).TraceId;
        var victimSilos = RunTraces.SiloProcessesOf(spans, victimTrace);
        Assert.Contains(victim, victimSilos); // its pipeline started there and resumed on a survivor: one trace across both
        Assert.True(victimSilos.Count >= 2, $"{victimRun}'s trace crosses only {string.Join(", ", victimSilos)}");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {spans.Count} spans; {runIds.Count} runs in {runIds.Count} traces; "
            + $"{resumed.Count} resumed after the kill; {completedAfterKill.Count} completed after it; "
            + $"{victimRun} crossed {string.Join(", ", RunTraces.ProcessesOf(spans, victimTrace).Order())}");
    }

    /// <summary>Each client's events are numbered from its first connection's last_seq + 1 to the user's last, each once; all clients of a user agree.</summary>
    private static void AssertGaplessSeq(List<ChatUser> users)
    {
        foreach (var user in users)
        {
            var last = user.Sockets.Max(s => s.Events[^1].Seq);
            foreach (var socket in user.Sockets)
            {
                var seqs = socket.Events.Select(e => e.Seq).ToList();
                var expected = Enumerable.Range((int)socket.FirstLastSeq + 1, (int)(last - socket.FirstLastSeq)).Select(i => (long)i).ToList();
                Assert.True(expected.SequenceEqual(seqs),
                    $"{socket.Label} ({socket.Reconnects} reconnects) got seq {Ranges(seqs)}, not {socket.FirstLastSeq + 1}..{last} once each.");
            }
        }
    }

    /// <summary>A run whose supervisor has finished triage and nothing else yet, and the silo its pipeline runs on.</summary>
    private static (string Run, string Silo)? InFlight(IReadOnlyList<OtlpSpan> spans, List<ChatUser> users)
    {
        var steps = spans.Where(s => s.Name.StartsWith("invoke_agent ", StringComparison.Ordinal) && s.Attribute(SpanRecorder.RunId) is not null)
            .ToLookup(s => s.Attribute(SpanRecorder.RunId)!);
        var completed = users.SelectMany(u => u.Sockets).SelectMany(s => s.Completions.Keys).ToHashSet();
        return users.SelectMany(u => u.RunIds)
            .Where(run => !completed.Contains(run) && steps[run].Select(s => s.Name).Distinct().SequenceEqual(["invoke_agent triage"]))
            .Select(run => ((string Run, string Silo)?)(run, (string)steps[run].First().Resource.Attributes[RunTraces.Process]!))
            .FirstOrDefault();
    }

    private static async Task<string> CreateThreadAsync(GatewayProcess gateway, string token)
    {
        using var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var created = await http.PostAsJsonAsync("/api/threads", new { title = "end to end" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The thread's runs as <c>GET /api/threads/{id}/runs</c> lists them; null while the cluster cannot answer (failing over).</summary>
    private static async Task<List<RunSummary>?> ListRunsAsync(HttpClient http, ChatUser user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/threads/{user.ThreadId}/runs");
        request.Headers.Authorization = new("Bearer", user.Token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("runs").EnumerateArray().Select(r => new RunSummary(
            r.GetProperty("id").GetString()!, r.GetProperty("status").GetString()!, r.TryGetProperty("error", out var e) ? e.ToString() : null))];
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/>; fails at once if a client got an error event, or after <see cref="Patience"/>.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> read, Func<T, bool> done, string what, List<ChatUser> users)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        T? last = null;
        while (true)
        {
            if (users.SelectMany(u => u.Sockets).FirstOrDefault(s => s.Errors.Count > 0) is { } refused)
            {
                throw new InvalidOperationException($"{refused.Label} got an error event: {string.Join("; ", refused.Errors)}");
            }

            try
            {
                last = await read() ?? last;
            }
            catch (HttpRequestException)
            {
                // a gateway between processes, or the cluster failing over: ask again
            }

            if (last is not null && done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Patience} for {what}; last seen: {JsonSerializer.Serialize(last)}");
            }

            await Task.Delay(200);
        }
    }

    private static string Ranges(List<long> seqs) =>
        seqs.Count == 0 ? "(none)" : string.Join(",", seqs.Select((s, i) => (s, i)).GroupBy(x => x.s - x.i).Select(g => $"{g.First().s}..{g.Last().s}"));

    /// <summary>A user: their token, the gateway they chat through, their clients, their thread and its runs.</summary>
    private sealed record ChatUser(string Id, string Token, string Home, List<ChatSocket> Sockets, string ThreadId)
    {
        public List<string> RunIds { get; } = [];
    }

    private sealed record RunSummary(string Id, string Status, string? Error);
}
