using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>The gateway on real Kestrel, on a free loopback port, with real WebSocket clients.</summary>
public sealed class KestrelGateway : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public KestrelGateway(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Netra:Postgres:ConnectionString"] = "",
            ["Netra:Auth:SigningKey"] = "netra-websocket-tests-signing-key-0123456789",
            ["Netra:Auth:DevTokens"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
    }

    /// <summary>The gateway's base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>The streams of the gateway's grain access, to produce events as grains do.</summary>
    public IStreamProvider Streams => Services.GetRequiredService<IStreamProvider>();

    /// <summary>A dev token for <paramref name="userId"/>.</summary>
    public async Task<string> TokenAsync(string userId)
    {
        using var http = CreateClient();
        return await TokenAsync(http, userId);
    }

    /// <summary>A dev token for <paramref name="userId"/> from the gateway <paramref name="http"/> talks to.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string userId)
    {
        var response = await http.PostAsJsonAsync("/api/auth/dev-token", new { user_id = userId, role = "user" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client that sends <paramref name="token"/>.</summary>
    public HttpClient Authorized(string token)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }

    /// <summary>Connects a socket for the user of <paramref name="token"/>.</summary>
    public Task<SocketClient> ConnectAsync(string token, long? afterSeq = null) => ConnectAsync(BaseAddress, token, afterSeq);

    /// <summary>Connects a socket to the gateway at <paramref name="baseAddress"/>.</summary>
    public static async Task<SocketClient> ConnectAsync(Uri baseAddress, string token, long? afterSeq = null)
    {
        var query = $"access_token={Uri.EscapeDataString(token)}" + (afterSeq is { } after ? $"&after_seq={after}" : "");
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/ws", Query = query }.Uri;
        return await SocketClient.ConnectAsync(uri);
    }

    /// <summary>Appends <paramref name="count"/> test events to <paramref name="userId"/>'s stream, as a grain would.</summary>
    public async Task<long> EmitAsync(string userId, int count, string runId = "run_test")
    {
        var stream = Streams.GetStream<UserEvent>(UserStreams.For(userId));
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            last = await stream.OnNextAsync(new UserEvent(
                UserEventTypes.AgentLog, JsonSerializer.SerializeToElement(new { line = i }), "th_test", runId, "test", DateTimeOffset.UtcNow));
        }

        return last;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
