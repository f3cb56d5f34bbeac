using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Netra.Gateway.Tests.WebSockets;

namespace Netra.Gateway.Tests.Runs;

/// <summary>Runs over HTTP: start with each multitask mode, read, cancel, and read events as JSON and as SSE.</summary>
public sealed class RunsApiTests : IAsyncLifetime
{
    private KestrelGateway _slow = null!;

    public Task InitializeAsync()
    {
        // Runs held at their reporting step until cancelled: a run stays active to be interrupted, queued behind or cancelled.
        _slow = new KestrelGateway(services: HoldingHook.Add);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _slow.DisposeAsync();

    [Fact]
    public async Task A_run_completes_and_its_events_read_back_as_json_in_order()
    {
        await using var gateway = new KestrelGateway();
        using var http = gateway.Authorized(await gateway.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);

        var started = await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "where does my money go?" });
        var run = await started.Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetString();
        var done = await PollAsync(http, runId!, "completed");
        var events = await http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/events");
        var later = await http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/events?after_seq=3");
        var messages = await http.GetFromJsonAsync<JsonElement[]>($"/api/threads/{thread}/messages");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/api/runs/{runId}", started.Headers.Location!.OriginalString);
        Assert.Equal(5, done.GetProperty("steps").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(done.GetProperty("report").GetString()));
        Assert.Equal(JsonValueKind.Array, done.GetProperty("result").GetProperty("actions").ValueKind);
        Assert.Equal("agent_started", events![0].GetProperty("type").GetString());
        Assert.Equal("agent_completed", events[^1].GetProperty("type").GetString());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "tool_completed");
        var seqs = events.Select(e => e.GetProperty("metadata").GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        Assert.Equal(seqs.Skip(3), later!.Select(e => e.GetProperty("metadata").GetProperty("seq").GetInt64()));
        Assert.Equal(["user", "assistant"], messages!.Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Reject_refuses_a_second_run_while_one_is_active()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "first" });

        var second = await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "second", multitask = "reject" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("run_conflict", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Enqueue_queues_the_new_run_behind_the_active_one()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var first = await StartAsync(http, thread, "first", "enqueue");

        var second = await StartAsync(http, thread, "second", "enqueue");
        await http.PostAsync($"/api/runs/{first.GetProperty("id").GetString()}/cancel", null);

        Assert.Equal("running", first.GetProperty("status").GetString());
        Assert.Equal("queued", second.GetProperty("status").GetString());
        await PollAsync(http, second.GetProperty("id").GetString()!, "running");
    }

    [Fact]
    public async Task Interrupt_cancels_the_active_run_and_starts_the_new_one()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var first = await StartAsync(http, thread, "first", "enqueue");

        var second = await StartAsync(http, thread, "second", "interrupt");
        var firstNow = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{first.GetProperty("id").GetString()}");

        Assert.Equal("cancelled", firstNow.GetProperty("status").GetString());
        Assert.Equal("running", second.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_thread_lists_its_runs_newest_first_with_the_active_one_and_the_queue()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var first = (await StartAsync(http, thread, "first", "enqueue")).GetProperty("id").GetString();
        var second = (await StartAsync(http, thread, "second", "enqueue")).GetProperty("id").GetString();

        var runs = await http.GetFromJsonAsync<JsonElement>($"/api/threads/{thread}/runs");
        var view = await http.GetFromJsonAsync<JsonElement>($"/api/threads/{thread}");

        Assert.Equal(first, runs.GetProperty("active_run_id").GetString());
        Assert.Equal([second], runs.GetProperty("queued_run_ids").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([second, first], runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["queued", "running"], runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal((first, 1), (view.GetProperty("active_run_id").GetString(), view.GetProperty("queued_runs").GetInt32()));
    }

    [Fact]
    public async Task Deleting_a_thread_cancels_its_active_and_queued_runs()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var first = (await StartAsync(http, thread, "first", "enqueue")).GetProperty("id").GetString();
        var second = (await StartAsync(http, thread, "second", "enqueue")).GetProperty("id").GetString();

        var deleted = await http.DeleteAsync($"/api/threads/{thread}");
        var runs = await http.GetAsync($"/api/threads/{thread}/runs");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, runs.StatusCode);
        Assert.Equal("cancelled", (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{first}")).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{second}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_stops_a_running_run_and_its_events_end_with_agent_error()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var runId = (await StartAsync(http, thread, "cancel me", "enqueue")).GetProperty("id").GetString();

        var cancelled = await http.PostAsync($"/api/runs/{runId}/cancel", null);
        var events = await http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/events");

        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("agent_error", events![^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Events_stream_live_as_server_sent_events_until_the_run_ends()
    {
        await using var gateway = new KestrelGateway();
        using var http = gateway.Authorized(await gateway.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);
        var runId = (await StartAsync(http, thread, "follow me", "enqueue")).GetProperty("id").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();
        var records = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("id: 1\nevent: agent_started\ndata: {", records[0]);
        Assert.StartsWith($"id: {records.Length}\nevent: agent_completed\ndata: {{", records[^1]);
    }

    [Fact]
    public async Task Bad_run_requests_get_problem_details_with_stable_codes()
    {
        using var http = _slow.Authorized(await _slow.TokenAsync(NewUser()));
        var thread = await CreateThreadAsync(http);

        var noMessage = await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { multitask = "enqueue" });
        var badMode = await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "hi", multitask = "sometimes" });
        var noThread = await http.PostAsJsonAsync("/api/threads/th_00000000000000000000000000000000/runs", new { message = "hi" });
        var noRun = await http.GetAsync("/api/runs/run_00000000000000000000000000000000");
        var malformed = await http.GetAsync("/api/runs/not-a-run");

        Assert.Equal("invalid_message", await CodeAsync(noMessage, HttpStatusCode.BadRequest));
        Assert.Equal("invalid_multitask", await CodeAsync(badMode, HttpStatusCode.BadRequest));
        Assert.Equal("thread_not_found", await CodeAsync(noThread, HttpStatusCode.NotFound));
        Assert.Equal("run_not_found", await CodeAsync(noRun, HttpStatusCode.NotFound));
        Assert.Equal("run_not_found", await CodeAsync(malformed, HttpStatusCode.NotFound));
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<string> CreateThreadAsync(HttpClient http) =>
        (await (await http.PostAsJsonAsync("/api/threads", new { title = "runs" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

    private static async Task<JsonElement> StartAsync(HttpClient http, string thread, string message, string multitask)
    {
        var response = await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message, multitask });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string runId, string status)
    {
        for (var i = 0; i < 200; i++)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() == status)
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Run {runId} never reached {status}.");
    }

    private static string NewUser() => $"u{Guid.NewGuid():N}"[..20];
}
