using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Runtime.Streams;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Cluster.Membership;

namespace Netra.Runtime.Hosting;

/// <summary>Adds a cluster client to a host that is not a silo, such as a gateway.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="ClusterClient"/> of the cluster whose membership lives in the table <paramref name="table"/>
    /// makes, as the host's <see cref="IClusterClient"/> and <see cref="IGrainFactory"/>. It starts with the host and
    /// does not hold the host's start up while no silo is active: calls made meanwhile wait for one, up to the
    /// failover window.
    /// </summary>
    public static IServiceCollection AddNetraClusterClient(
        this IServiceCollection services, Func<IServiceProvider, IMembershipTable> table, Action<ClusterClientOptions>? configure = null)
    {
        services.AddLogging();
        services.AddOptions<ClusterClientOptions>().Configure(o => configure?.Invoke(o));
        services.AddSingleton(sp => new ClusterClient(
            table(sp),
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddOptions<StreamOptions>();
        services.AddSingleton(sp => StreamProviders.Create(
            sp.GetRequiredService<ClusterClient>(),
            sp.GetRequiredService<IOptions<StreamOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => new ClusterClientService(sp.GetRequiredService<ClusterClient>()));
        return services;
    }

    private sealed class ClusterClientService(ClusterClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => client.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => client.DisposeAsync().AsTask();
    }
}
