using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Grains.Hosting;
using Netra.Runtime;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Hosting;
using Netra.Runtime.Streams;
using Npgsql;

namespace Netra.Benchmarks.Chat;

/// <summary>The hosts of the baselines: Netra's pipeline in this process, reached without a gateway.</summary>
internal static class ChatHosts
{
    /// <summary>
    /// The embedded default's silo as the gateway's <c>AddNetraGrains</c> builds it (memory state and streams, the
    /// deterministic model, the demo data), alone in a generic host: no Kestrel, no socket, no auth.
    /// </summary>
    public static Task<IHost> StartEmbeddedSiloAsync() => StartAsync(builder =>
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [NetraSiloExtensions.PostgresConnectionStringKey] = "" });
        builder.AddNetraGrains();
    });

    /// <summary>A cluster client of <paramref name="cluster"/>'s silos, as the cluster gateway makes one, minus the gateway.</summary>
    public static Task<IHost> StartClusterClientAsync(LocalCluster cluster) => StartAsync(builder =>
    {
        GrainTypeRegistry.RegisterAssembly(typeof(NetraSiloExtensions).Assembly);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(cluster.ConnectionString));
        builder.Services.AddNetraClusterClient(sp => new PostgresMembershipTable(sp.GetRequiredService<NpgsqlDataSource>(), cluster.ClusterId));
    });

    /// <summary>Users of the pipeline in <paramref name="host"/>, each with a new thread and its stream subscribed.</summary>
    public static async Task<IChatUser[]> UsersAsync(IHost host, IEnumerable<string> userIds)
    {
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var streams = host.Services.GetRequiredService<IStreamProvider>();
        return await Task.WhenAll(userIds.Select(async id => (IChatUser)await GrainChatUser.StartAsync(grains, streams, id)));
    }

    private static async Task<IHost> StartAsync(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        configure(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
