using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>The socket of ../shared/PROTOCOL.md, action by action and event by event, on real Kestrel.</summary>
public sealed class SocketProtocolTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new KestrelGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Connecting_establishes_the_user_and_their_last_seq()
    {
        var user = NewUser();
        await _gateway.EmitAsync(user, 3);

        await using var socket = await _gateway.ConnectAsync(await _gateway.TokenAsync(user));
        var established = await socket.ReceiveAsync();

        Assert.Equal("connection_established", established!.Type);
        Assert.Equal(user, established.Data.GetProperty("user_id").GetString());
        Assert.Equal(3, established.Data.GetProperty("last_seq").GetInt64());
        Assert.Null(established.Seq);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await using var socket = await ConnectedAsync(NewUser());

        await socket.SendAsync(new { action = "ping", data = new { } });

        var (pong, before) = await socket.ReceiveUntilAsync("pong");
        Assert.Empty(before);
        Assert.True(pong.Metadata.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task A_user_message_runs_the_supervisor_and_streams_every_event_in_order()
    {
        await using var socket = await ConnectedAsync(NewUser());

        await socket.SendAsync(new { action = "user_message", data = new { message = "Where is my LLM spend going?" } });

        var (completed, before) = await socket.ReceiveUntilAsync("agent_completed");
        var events = before.Append(completed).ToList();
        Assert.Equal("agent_started", events[0].Type);
        Assert.Superset(
            new HashSet<string> { "agent_started", "agent_thinking", "sub_agent_update", "tool_executing", "tool_completed", "agent_completed" },
            events.Select(e => e.Type).ToHashSet());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long?)i), events.Select(e => e.Seq));
        var runId = events[0].Metadata.GetProperty("run_id").GetString();
        var threadId = events[0].Metadata.GetProperty("thread_id").GetString();
        Assert.All(events, e => Assert.Equal(runId, e.Metadata.GetProperty("run_id").GetString()));
        Assert.All(events, e => Assert.Equal(threadId, e.Metadata.GetProperty("thread_id").GetString()));
        Assert.Contains(events, e => e.Type == "sub_agent_update" && e.Data.GetProperty("status").GetString() == "started");
        Assert.False(string.IsNullOrEmpty(completed.Data.GetProperty("report").GetString()));
        Assert.Equal(JsonValueKind.Object, completed.Data.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Start_agent_runs_on_the_named_thread_and_stop_agent_cancels_it()
    {
        await using var gateway = new KestrelGateway(services: HoldingHook.Add);
        var token = await gateway.TokenAsync(NewUser());
        using var http = gateway.Authorized(token);
        var thread = await (await http.PostAsJsonAsync("/api/threads", new { title = "costs" })).Content.ReadFromJsonAsync<JsonElement>();
        var threadId = thread.GetProperty("id").GetString();
        await using var socket = await gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");

        await socket.SendAsync(new { action = "start_agent", data = new { message = "cut my costs", thread_id = threadId } });
        var (started, _) = await socket.ReceiveUntilAsync("agent_started");
        await socket.SendAsync(new { action = "stop_agent", data = new { run_id = started.Metadata.GetProperty("run_id").GetString() } });
        var (error, _) = await socket.ReceiveUntilAsync("agent_error");

        Assert.Equal(threadId, started.Metadata.GetProperty("thread_id").GetString());
        Assert.Equal("cancelled", error.Data.GetProperty("code").GetString());
        Assert.True(error.Seq > started.Seq);
    }

    [Fact]
    public async Task Resume_redelivers_every_event_after_the_given_seq_then_continues_live()
    {
        var user = NewUser();
        await _gateway.EmitAsync(user, 10);
        await using var socket = await ConnectedAsync(user);

        await socket.SendAsync(new { action = "resume", data = new { after_seq = 4 } });
        var replayed = await socket.ReceiveEventsThroughAsync(10);
        await _gateway.EmitAsync(user, 2);
        var live = await socket.ReceiveEventsThroughAsync(12);

        Assert.Equal(Enumerable.Range(5, 6).Select(i => (long?)i), replayed.Select(e => e.Seq));
        Assert.Equal([11L, 12L], live.Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task Connecting_with_after_seq_replays_from_there()
    {
        var user = NewUser();
        await _gateway.EmitAsync(user, 6);

        await using var socket = await _gateway.ConnectAsync(await _gateway.TokenAsync(user), afterSeq: 2);
        await socket.ReceiveUntilAsync("connection_established");
        var events = await socket.ReceiveEventsThroughAsync(6);

        Assert.Equal([3L, 4L, 5L, 6L], events.Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task The_server_sends_heartbeats_and_closes_a_connection_it_hears_nothing_from()
    {
        await using var gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Netra:WebSocket:HeartbeatInterval"] = "00:00:00.200",
            ["Netra:WebSocket:IdleTimeout"] = "00:00:01.500",
        });
        await using var socket = await gateway.ConnectAsync(await gateway.TokenAsync(NewUser()));
        await socket.ReceiveUntilAsync("connection_established");

        var (heartbeat, _) = await socket.ReceiveUntilAsync("heartbeat");
        Envelope? next;
        do
        {
            next = await socket.ReceiveAsync(5_000);
        }
        while (next is not null);

        Assert.Null(heartbeat.Seq);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Contains("idle", socket.CloseDescription);
    }

    [Fact]
    public async Task A_socket_without_a_valid_token_is_refused_with_401()
    {
        using var http = _gateway.CreateClient();

        var missing = await http.GetAsync("/ws");
        var forged = await http.GetAsync("/ws?access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => SocketClient.ConnectAsync(
            new UriBuilder(_gateway.BaseAddress) { Scheme = "ws", Path = "/ws" }.Uri));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("401", error.Message);
    }

    private async Task<SocketClient> ConnectedAsync(string user)
    {
        var socket = await _gateway.ConnectAsync(await _gateway.TokenAsync(user));
        await socket.ReceiveUntilAsync("connection_established");
        return socket;
    }

    private static string NewUser() => $"u{Guid.NewGuid():N}"[..20];
}
