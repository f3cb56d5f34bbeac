using System.Net.WebSockets;
using System.Text;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>Bad frames get an <c>error</c> event each; nothing else breaks, for this user or any other.</summary>
public sealed class SocketBadInputTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Netra:WebSocket:MaxFrameBytes"] = "4096",
            ["Netra:WebSocket:ActionsPerSecond"] = "1000",
            ["Netra:WebSocket:ActionBurst"] = "1000",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("not json at all", "invalid_json")]
    [InlineData("[1, 2, 3]", "invalid_frame")]
    [InlineData("{\"data\": {}}", "missing_field")]
    [InlineData("{\"action\": 42}", "missing_field")]
    [InlineData("{\"action\": \"launch_missiles\", \"data\": {}}", "unknown_action")]
    [InlineData("{\"action\": \"user_message\", \"data\": {}}", "missing_field")]
    [InlineData("{\"action\": \"user_message\", \"data\": {\"message\": 7}}", "invalid_field")]
    [InlineData("{\"action\": \"user_message\", \"data\": {\"message\": \"hi\", \"thread_id\": 5}}", "invalid_field")]
    [InlineData("{\"action\": \"user_message\", \"data\": \"hello\"}", "invalid_field")]
    [InlineData("{\"action\": \"stop_agent\", \"data\": {}}", "missing_field")]
    [InlineData("{\"action\": \"stop_agent\", \"data\": {\"run_id\": \"run_nope\"}}", "run_not_found")]
    [InlineData("{\"action\": \"resume\", \"data\": {\"after_seq\": -1}}", "invalid_field")]
    [InlineData("{\"action\": \"resume\", \"data\": {\"after_seq\": \"ten\"}}", "invalid_field")]
    [InlineData("{\"action\": \"user_message\", \"data\": {\"message\": \"hi\", \"thread_id\": \"th_00000000000000000000000000000000\"}}", "thread_not_found")]
    public async Task A_bad_frame_gets_an_error_event_and_the_connection_keeps_working(string frame, string code)
    {
        await using var socket = await ConnectedAsync(NewUser());

        await socket.SendAsync(frame);
        var (error, _) = await socket.ReceiveUntilAsync("error");
        await socket.SendAsync(new { action = "ping", data = new { } });

        Assert.Equal(code, error.Data.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.Data.GetProperty("message").GetString()));
        await socket.ReceiveUntilAsync("pong");
    }

    [Fact]
    public async Task Oversize_and_binary_frames_get_errors_and_the_connection_keeps_working()
    {
        await using var socket = await ConnectedAsync(NewUser());

        await socket.SendAsync("{\"action\": \"ping\", \"data\": {\"pad\": \"" + new string('x', 10_000) + "\"}}");
        var (tooLarge, _) = await socket.ReceiveUntilAsync("error");
        await socket.SendBytesAsync(Encoding.UTF8.GetBytes("{\"action\": \"ping\"}"), WebSocketMessageType.Binary);
        var (binary, _) = await socket.ReceiveUntilAsync("error");
        await socket.SendAsync(new { action = "ping", data = new { } });

        Assert.Equal("frame_too_large", tooLarge.Data.GetProperty("code").GetString());
        Assert.Equal("binary_not_supported", binary.Data.GetProperty("code").GetString());
        await socket.ReceiveUntilAsync("pong");
    }

    [Fact]
    public async Task A_thousand_garbage_frames_affect_no_one_else_and_a_fresh_connection_works()
    {
        var victim = NewUser();
        await using var bystander = await ConnectedAsync(NewUser());
        await using var other = await ConnectedAsync(victim);
        await using var attacker = await ConnectedAsync(NewUser());
        var random = new Random(7);

        var sent = 0;
        for (; sent < 1_000 && attacker.State == WebSocketState.Open; sent++)
        {
            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            try
            {
                await attacker.SendAsync(Encoding.UTF8.GetString(garbage));
            }
            catch (WebSocketException)
            {
                break; // closed for misbehaving, as it should be
            }
        }

        var errors = 0;
        while (await attacker.ReceiveAsync(5_000) is { } envelope)
        {
            errors += envelope.Type == "error" ? 1 : 0;
        }

        Assert.True(errors > 0);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, attacker.CloseStatus);
        await _gateway.EmitAsync(victim, 3);
        var events = await other.ReceiveEventsThroughAsync(3);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Seq!.Value));
        await bystander.SendAsync(new { action = "ping", data = new { } });
        await bystander.ReceiveUntilAsync("pong");
        await using var fresh = await ConnectedAsync(NewUser());
        await fresh.SendAsync(new { action = "ping", data = new { } });
        await fresh.ReceiveUntilAsync("pong");
    }

    [Fact]
    public async Task Actions_over_the_rate_limit_get_rate_limited_errors()
    {
        await using var gateway = new KestrelGateway(new Dictionary<string, string?>
        {
            ["Netra:WebSocket:ActionsPerSecond"] = "1",
            ["Netra:WebSocket:ActionBurst"] = "3",
        });
        await using var socket = await gateway.ConnectAsync(await gateway.TokenAsync(NewUser()));
        await socket.ReceiveUntilAsync("connection_established");

        for (var i = 0; i < 6; i++)
        {
            await socket.SendAsync(new { action = "ping", data = new { } });
        }

        var replies = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var envelope = (await socket.ReceiveAsync())!;
            replies.Add(envelope.Type == "error" ? envelope.Data.GetProperty("code").GetString()! : envelope.Type);
        }

        Assert.Equal(3, replies.Count(r => r == "pong"));
        Assert.Equal(3, replies.Count(r => r == "rate_limited"));
    }

    private async Task<SocketClient> ConnectedAsync(string user)
    {
        var socket = await _gateway.ConnectAsync(await _gateway.TokenAsync(user));
        await socket.ReceiveUntilAsync("connection_established");
        return socket;
    }

    private static string NewUser() => $"u{Guid.NewGuid():N}"[..20];
}
