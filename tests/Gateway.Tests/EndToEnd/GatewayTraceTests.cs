using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Netra.Gateway.Tests.WebSockets;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway's spans on real Kestrel with its embedded silo: each WebSocket action is the root of its own trace,
/// never a child of the hours-long socket request, and it and an HTTP request are the parents of the grain calls
/// they make.
/// </summary>
public sealed class GatewayTraceTests : IAsyncLifetime
{
    private const string Message = "Where is my LLM spend going in the dataset demo?";
    private readonly SpanRecorder _spans = new("Netra.", "Microsoft.AspNetCore");
    private KestrelGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new KestrelGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _spans.Dispose();
    }

    [Fact]
    public async Task Each_websocket_action_is_a_trace_of_its_own_linked_to_the_socket_and_the_parent_of_its_grain_calls_and_run()
    {
        var user = $"u{Guid.NewGuid():N}";
        var token = await _gateway.TokenAsync(user);
        await using var socket = await _gateway.ConnectAsync(token);
        await socket.ReceiveUntilAsync("connection_established");

        await socket.SendAsync(new { action = "user_message", data = new { message = Message } });
        var (completed, _) = await socket.ReceiveUntilAsync("agent_completed", 60_000);
        await socket.SendAsync(new { action = "ping", data = new { } });
        await socket.ReceiveUntilAsync("pong");
        var runId = completed.Metadata.GetProperty("run_id").GetString()!;
        await SpanRecorder.WaitUntilAsync(() => Actions(user).Count == 2, "both actions' spans to end");

        var (start, ping) = (Actions(user).Single(a => a.OperationName == "ws user_message"), Actions(user).Single(a => a.OperationName == "ws ping"));
        var connection = _spans.Stopped.Where(s => s.Source.Name == "Microsoft.AspNetCore").SingleOrDefault(s => s.SpanId == start.Links.Single().Context.SpanId);
        Assert.Equal((ActivityKind.Server, default(ActivitySpanId)), (start.Kind, start.ParentSpanId));
        Assert.Equal("user_message", start.GetTagItem("netra.ws.action"));
        Assert.NotEqual(start.TraceId, ping.TraceId);
        Assert.Equal(start.Links.Single().Context, ping.Links.Single().Context);
        Assert.NotEqual(start.TraceId, start.Links.Single().Context.TraceId);
        Assert.Null(connection); // the socket's request span is still open: it ends when the socket closes
        Assert.Contains(_spans.InTrace(start.TraceId), s => s.Source.Name == "Netra.Runtime" && s.ParentSpanId == start.SpanId);
        Assert.All(_spans.OfRun(runId), s => Assert.Equal(start.TraceId, s.TraceId));
        Assert.Contains(_spans.OfRun(runId), s => s.OperationName == "invoke_agent supervisor");
        var texts = Actions(user).SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(texts, t => t.Contains(Message, StringComparison.Ordinal) || t.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_http_request_is_the_parent_of_the_grain_calls_it_makes()
    {
        var user = $"u{Guid.NewGuid():N}";
        using var http = _gateway.Authorized(await _gateway.TokenAsync(user));

        var created = await http.PostAsJsonAsync("/api/threads", new { title = "traced" });
        created.EnsureSuccessStatusCode();
        var threadId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await SpanRecorder.WaitUntilAsync(() => RequestParentOf(threadId) is not null, "a grain call on the new thread whose parent is the request's span");

        var request = RequestParentOf(threadId)!;
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", request.OperationName);
    }

    private List<Activity> Actions(string user) =>
        [.. _spans.Stopped.Where(s => s.Source.Name == "Netra.Gateway" && s.GetTagItem("user.id") as string == user)];

    /// <summary>The request span that is the parent of a grain call on <paramref name="threadId"/>, once both ended.</summary>
    private Activity? RequestParentOf(string threadId) =>
        (from call in _spans.Stopped
         where call.Source.Name == "Netra.Runtime" && (call.GetTagItem("netra.grain") as string)?.Contains(threadId, StringComparison.Ordinal) == true
         join request in _spans.Stopped.Where(s => s.Source.Name == "Microsoft.AspNetCore") on call.ParentSpanId equals request.SpanId
         select request).FirstOrDefault();
}
