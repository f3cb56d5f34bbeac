using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Runtime.Activation;
using Netra.Runtime.Cluster;
using Netra.Runtime.Cluster.Directory;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Cluster.Messaging;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Hosting;

/// <summary>Makes a silo a member of a cluster.</summary>
public static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// Joins the cluster whose membership lives in the table <paramref name="table"/> makes: placement by consistent
    /// hash over the active silos, calls over TCP, failure detection by probes and votes.
    /// </summary>
    public static SiloBuilder UseCluster(this SiloBuilder builder, Func<IServiceProvider, IMembershipTable> table, Action<ClusterOptions>? configure = null)
    {
        var services = builder.Services;
        services.AddOptions<ClusterOptions>().Configure(o => configure?.Invoke(o));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClusterOptions>>().Value);
        services.AddSingleton<ClusterPlacementDirector>();
        services.Replace(ServiceDescriptor.Singleton<IPlacementDirector>(sp => sp.GetRequiredService<ClusterPlacementDirector>()));
        services.AddSingleton(sp => new RemoteMessenger(
            sp.GetRequiredService<MessageCenter>(),
            sp.GetRequiredService<IGrainCallInvoker>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Netra.Runtime.Cluster.Messaging")));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ClusterOptions>();
            return new MembershipService(
                table(sp),
                new TransportSiloProber(sp.GetRequiredService<RemoteMessenger>(), options.Membership),
                options.Membership,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MembershipService>>());
        });
        services.AddHostedService(sp => new ClusterSilo(
            sp.GetRequiredService<ClusterOptions>(),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value,
            sp.GetRequiredService<Silo>(),
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<MessageCenter>(),
            sp.GetRequiredService<LocalSiloDetails>(),
            sp.GetRequiredService<ClusterPlacementDirector>(),
            sp.GetRequiredService<RemoteMessenger>(),
            new GrainLocator(sp.GetRequiredService<ClusterPlacementDirector>(), sp.GetRequiredService<LocalSiloDetails>(), sp.GetRequiredService<IGrainFactory>),
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IHostApplicationLifetime>()));
        return builder;
    }
}
