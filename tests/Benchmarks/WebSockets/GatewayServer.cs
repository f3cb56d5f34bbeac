using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Netra.Gateway.Auth;
using Netra.Runtime;

namespace Netra.Benchmarks.WebSockets;

/// <summary>
/// The real gateway (its own <c>Program</c>, in the embedded default: an in-process silo with memory storage and
/// memory streams) on Kestrel on a free loopback port, in this process. <see cref="NetraAuthOptions"/> only names the
/// gateway's assembly, whose entry point the factory runs.
/// </summary>
internal sealed class GatewayServer : WebApplicationFactory<NetraAuthOptions>
{
    /// <summary>The key the gateway checks tokens with, and the clients sign theirs with.</summary>
    public const string SigningKey = "netra-websocket-benchmark-signing-key-0123456789";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    public GatewayServer(IReadOnlyDictionary<string, string?> settings)
    {
        GrainTypeRegistry.RegisterAssembly(typeof(EventProducerGrain).Assembly); // the embedded silo hosts the producers
        _settings = settings;
        UseKestrel(0);
        StartServer();
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>
    /// The settings of every benchmark run: no PostgreSQL, the benchmark's signing key, no idle close during a run, no
    /// action limits (the clients send none), warnings only in the log (one line per connection at 10,000
    /// connections would be the log's cost, not the socket's), and <paramref name="overrides"/>.
    /// </summary>
    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Netra:Postgres:ConnectionString"] = "",
            ["Netra:Auth:SigningKey"] = SigningKey,
            ["Netra:Auth:DevTokens"] = "true",
            ["Netra:WebSocket:IdleTimeout"] = "01:00:00",
            ["Netra:WebSocket:ActionsPerSecond"] = "1000000",
            ["Netra:WebSocket:ActionBurst"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Report.FindDocs()))!, "src", "Gateway")); // its appsettings.json
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
