using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Hosting;
using Netra.Runtime.Invocation;
using Microsoft.Extensions.Options;
using Netra.Runtime.Persistence.Memory;
using Netra.Runtime.Streams;
using Netra.Runtime.Streams.Memory;

namespace Netra.Runtime.Testing;

/// <summary>
/// Silos in the test's process, in the manner of Orleans' TestCluster: start them, call grains through
/// <see cref="Client"/>, stop a silo gracefully or kill it abruptly, and start it again. In-memory storage outlives
/// the silos (as a database would); PostgreSQL storage is the real thing.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterBuilder _builder;
    private readonly List<TestSilo> _silos = [];
    private readonly MemoryGrainStorage _sharedMemoryStorage = new();
    private readonly MemoryStreamLog _sharedStreamLog;
    private IStreamProvider? _streams;
    private readonly CallbackRegistry _clientCallbacks;
    private readonly List<ClusterClient> _clients = [];
    private int _siloCounter;

    internal TestCluster(TestClusterBuilder builder)
    {
        _builder = builder;
        var time = builder.TimeProvider ?? TimeProvider.System;
        var options = new SiloOptions();
        _sharedStreamLog = new MemoryStreamLog(Options.Create(builder.Streams), time);
        _clientCallbacks = new CallbackRegistry(time, options.ResponseTimeoutScanInterval);
        InProcessClient = new GrainFactory(new GrainCallInvoker(new LiveSiloSender(this), _clientCallbacks, time, options.ResponseTimeout), $"test-client-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Calls grains from outside the cluster: a <see cref="ClusterClient"/> over TCP when the silos form a cluster,
    /// otherwise a client that hands calls to the first live silo in this process.
    /// </summary>
    public IClusterClient Client => (IClusterClient?)_clients.FirstOrDefault() ?? InProcessClient;

    /// <summary>A client that hands calls to the first live silo in this process, as an embedded gateway does.</summary>
    public IClusterClient InProcessClient { get; }

    /// <summary>The streams of <see cref="Client"/>, with the builder's <see cref="TestClusterBuilder.Streams"/> options.</summary>
    public IStreamProvider Streams => _streams ??= StreamProviders.Create(Client, _builder.Streams, time: _builder.TimeProvider);

    /// <summary>Every silo started so far, live or not.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    /// <summary>The silos that run now.</summary>
    public IEnumerable<TestSilo> LiveSilos => _silos.Where(s => s.IsAlive);

    /// <summary>The in-memory store used when the cluster has no PostgreSQL.</summary>
    public MemoryGrainStorage MemoryStorage => _sharedMemoryStorage;

    /// <summary>Starts the initial silos.</summary>
    public async Task<TestCluster> DeployAsync()
    {
        for (var i = 0; i < _builder.InitialSilos; i++)
        {
            await StartSiloAsync();
        }

        if (_builder.MembershipTable is not null)
        {
            await ConnectClientAsync();
        }

        return this;
    }

    /// <summary>Connects a new cluster client over TCP to a clustered test cluster; the cluster disposes it.</summary>
    public async Task<ClusterClient> ConnectClientAsync()
    {
        var table = _builder.MembershipTable ?? throw new InvalidOperationException("Only the silos of a clustered test cluster (UseCluster) take clients over TCP.");
        var client = await ClusterClient.ConnectAsync(table, _builder.ClientOptions, time: _builder.TimeProvider);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Starts a new silo.</summary>
    public async Task<TestSilo> StartSiloAsync()
    {
        var name = $"silo-{Interlocked.Increment(ref _siloCounter)}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (_builder.TimeProvider is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.Configure<SiloOptions>(o => o.Name = name);
        builder.Services.AddSingleton(Options.Create(_builder.Streams));
        builder.Services.AddNetraSilo(silo =>
        {
            if (_builder.PostgresConnectionString is { } connectionString)
            {
                silo.AddPostgresGrainStorage(SiloBuilder.DefaultStorageName, o => o.ConnectionString = connectionString);
                silo.AddPostgresStreams(connectionString);
            }
            else
            {
                silo.AddGrainStorage(SiloBuilder.DefaultStorageName, _sharedMemoryStorage);
                silo.AddStreamLog(_sharedStreamLog);
            }

            if (_builder.MembershipTable is { } table)
            {
                silo.UseCluster(_ => table, o =>
                {
                    o.Port = 0;
                    o.Membership = _builder.Membership;
                });
            }
        });
        _builder.Apply(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        var silo = new TestSilo(name, host) { IsAlive = true };
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Waits until every live silo sees exactly the live silos as active (a clustered test cluster).</summary>
    public async Task WaitForClusterAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var live = LiveSilos.Select(s => s.Address).ToHashSet();
            if (LiveSilos.All(s => s.ActiveSilos.ToHashSet().SetEquals(live)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silos did not agree on membership: live {string.Join(", ", live)}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops a silo gracefully: every activation runs OnDeactivateAsync.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        silo.IsAlive = false;
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: its activations vanish without running any code, and its callers are told it is gone.</summary>
    public void KillSilo(TestSilo silo)
    {
        silo.IsAlive = false;
        silo.Silo.Kill();
        silo.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully and starts a new one in its place.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        await StopSiloAsync(silo);
        return await StartSiloAsync();
    }

    /// <summary>Stops every live silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in LiveSilos.ToList())
        {
            await StopSiloAsync(silo);
        }

        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clientCallbacks.Dispose();
    }

    /// <summary>Sends the client's messages to the first live silo, as a client connected to one gateway silo would.</summary>
    private sealed class LiveSiloSender(TestCluster cluster) : IMessageSender
    {
        public void Send(Message message)
        {
            var silo = cluster.LiveSilos.FirstOrDefault();
            if (silo is null)
            {
                message.Response?.Fail(new SiloUnavailableException("No silo of the test cluster is running."));
                return;
            }

            silo.Services.GetRequiredService<IMessageSender>().Send(message);
        }
    }
}
