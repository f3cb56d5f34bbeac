using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Netra.Grains.Events;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>Who gets which events: every connection of the owner, exactly once, across reconnects; no one else; not a slow client's neighbours' problem.</summary>
public sealed class SocketDeliveryTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Netra:WebSocket:SendQueueCapacity"] = "16",
            ["Netra:WebSocket:SlowClientTimeout"] = "00:00:00.500",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task User_B_never_sees_user_As_events_and_gets_404_on_As_thread_and_run()
    {
        var alice = await _gateway.TokenAsync("alice-" + Guid.NewGuid().ToString("N")[..8]);
        var bob = await _gateway.TokenAsync("bob-" + Guid.NewGuid().ToString("N")[..8]);
        await using var aliceSocket = await ConnectedAsync(alice);
        await using var bobSocket = await ConnectedAsync(bob);

        await aliceSocket.SendAsync(new { action = "user_message", data = new { message = "alice's secret question" } });
        var (completed, _) = await aliceSocket.ReceiveUntilAsync("agent_completed");
        await bobSocket.SendAsync(new { action = "ping", data = new { } });
        var (_, bobSaw) = await bobSocket.ReceiveUntilAsync("pong");

        Assert.Empty(bobSaw);
        using var bobHttp = _gateway.Authorized(bob);
        var runId = completed.Metadata.GetProperty("run_id").GetString();
        var threadId = completed.Metadata.GetProperty("thread_id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.GetAsync($"/api/runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.GetAsync($"/api/runs/{runId}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.GetAsync($"/api/threads/{threadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.GetAsync($"/api/threads/{threadId}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobHttp.PostAsJsonAsync($"/api/threads/{threadId}/runs", new { message = "mine now" })).StatusCode);
        await bobSocket.SendAsync(new { action = "stop_agent", data = new { run_id = runId } });
        var (refused, _) = await bobSocket.ReceiveUntilAsync("error");
        Assert.Equal("run_not_found", refused.Data.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Every_connection_of_a_user_gets_every_event()
    {
        var user = NewUser();
        var token = await _gateway.TokenAsync(user);
        await using var first = await ConnectedAsync(token);
        await using var second = await ConnectedAsync(token);

        var last = await _gateway.EmitAsync(user, 10);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), (await first.ReceiveEventsThroughAsync(last)).Select(e => e.Seq!.Value));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), (await second.ReceiveEventsThroughAsync(last)).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_run_and_resumes_gets_every_event_exactly_once()
    {
        var user = NewUser();
        var token = await _gateway.TokenAsync(user);
        var socket = await ConnectedAsync(token);
        var producing = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await _gateway.EmitAsync(user, 10);
                await Task.Delay(10);
            }
        });

        var seen = await socket.ReceiveEventsThroughAsync(37);
        await socket.DisposeAsync();
        await Task.Delay(100);
        await using var again = await _gateway.ConnectAsync(token, afterSeq: seen[^1].Seq);
        await again.ReceiveUntilAsync("connection_established");
        await producing;
        seen.AddRange(await again.ReceiveEventsThroughAsync(200));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seen.Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_with_a_reason_and_does_not_hold_up_others()
    {
        var user = NewUser();
        var token = await _gateway.TokenAsync(user);
        await using var slow = await ConnectedAsync(token);
        await using var fast = await ConnectedAsync(token);
        var stream = _gateway.Streams.GetStream<UserEvent>(UserStreams.For(user));
        var padding = new string('x', 16 * 1024);

        // 32 MB, more than the kernel's socket buffers hold, so the client that does not read really stalls.
        var reading = fast.ReceiveEventsThroughAsync(2_000, 60_000);
        for (var i = 0; i < 20; i++)
        {
            await stream.OnNextBatchAsync([.. Enumerable.Range(0, 100).Select(n => new UserEvent(
                UserEventTypes.AgentLog, JsonSerializer.SerializeToElement(new { padding }), null, null, "test", DateTimeOffset.UtcNow))]);
        }

        var fastEvents = await reading;
        await Task.Delay(2_000);
        while (await slow.ReceiveAsync(10_000) is not null)
        {
        }

        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), fastEvents.Select(e => e.Seq!.Value));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.CloseStatus);
        Assert.Contains("too slowly", slow.CloseDescription);
    }

    private async Task<SocketClient> ConnectedAsync(string token)
    {
        var socket = await _gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");
        return socket;
    }

    private static string NewUser() => $"u{Guid.NewGuid():N}"[..20];
}
