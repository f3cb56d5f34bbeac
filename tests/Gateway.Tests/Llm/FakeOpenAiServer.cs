using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Netra.Gateway.Tests.Llm;

/// <summary>How the fake server answers one request.</summary>
public delegate Task FakeReply(HttpContext context, JsonElement request);

/// <summary>A request the fake server received.</summary>
/// <param name="Body">The JSON body.</param>
/// <param name="Authorization">The Authorization header.</param>
/// <param name="ReceivedAt">A <see cref="Stopwatch"/> timestamp of its arrival.</param>
public sealed record FakeRequest(JsonElement Body, string? Authorization, long ReceivedAt)
{
    /// <summary>True when the client asked for a stream.</summary>
    public bool Streaming => Body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
}

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback: <c>POST /v1/chat/completions</c>, answered by the replies
/// a test enqueues (<see cref="FakeReplies"/>), in order; with none left, a short plain answer.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();

    private FakeOpenAiServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var request = body.RootElement.Clone();
            _requests.Enqueue(new FakeRequest(request, context.Request.Headers.Authorization.ToString(), Stopwatch.GetTimestamp()));
            var reply = _replies.TryDequeue(out var next) ? next : FakeReplies.Text("Hello from the fake model.");
            await reply(context, request);
        });
    }

    /// <summary>The base address a client is configured with, ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        await server._app.StartAsync();
        server.Endpoint = server._app.Urls.Single().TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Answers the next requests with <paramref name="replies"/>, in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
