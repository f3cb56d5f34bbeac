using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Cluster.Client;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Hosting;
using Netra.Runtime.Streams;

namespace Netra.Runtime.Testing;

/// <summary>Describes an in-process test cluster: how many silos, which storage, which clock, and extra silo setup.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<IServiceCollection>> _siloServices = [];
    private readonly List<Action<SiloOptions>> _siloOptions = [];

    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>.</summary>
    public int InitialSilos { get; set; } = 1;

    /// <summary>The clock every silo and the client use; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The PostgreSQL connection string for grain storage; in-memory storage shared by all silos when null.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>The membership table when the silos form a real cluster over TCP; null for independent in-process silos.</summary>
    public IMembershipTable? MembershipTable { get; private set; }

    /// <summary>Failure detection settings for a clustered test cluster: fast, so tests see deaths in a second or two.</summary>
    public MembershipOptions Membership { get; } = new()
    {
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        ProbeTimeout = TimeSpan.FromMilliseconds(300),
        IAmAliveInterval = TimeSpan.FromSeconds(1),
        RefreshInterval = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>The streams' settings for every silo and the client: renewals every 500 ms, so tests see failover quickly.</summary>
    public StreamOptions Streams { get; } = new() { RenewInterval = TimeSpan.FromMilliseconds(500), SubscriberLease = TimeSpan.FromSeconds(5) };

    /// <summary>The settings of the cluster's clients: membership read as often as the silos read it.</summary>
    public ClusterClientOptions ClientOptions { get; } = new() { RefreshInterval = TimeSpan.FromMilliseconds(300) };

    /// <summary>
    /// Makes the silos a cluster: each listens on its own loopback port, membership lives in <paramref name="table"/>
    /// (in memory when null), grains are placed by consistent hash and calls cross silos over TCP.
    /// </summary>
    public TestClusterBuilder UseCluster(IMembershipTable? table = null)
    {
        MembershipTable = table ?? new InMemoryMembershipTable(Membership.ClusterId);
        Membership.ClusterId = MembershipTable.ClusterId;
        return this;
    }

    /// <summary>Stores grain state in PostgreSQL at <paramref name="connectionString"/>.</summary>
    public TestClusterBuilder UsePostgresStorage(string connectionString)
    {
        PostgresConnectionString = connectionString;
        return this;
    }

    /// <summary>Adjusts every silo's options.</summary>
    public TestClusterBuilder ConfigureSiloOptions(Action<SiloOptions> configure)
    {
        _siloOptions.Add(configure);
        return this;
    }

    /// <summary>Adds services to every silo.</summary>
    public TestClusterBuilder ConfigureSiloServices(Action<IServiceCollection> configure)
    {
        _siloServices.Add(configure);
        return this;
    }

    /// <summary>Creates the cluster; <see cref="TestCluster.DeployAsync"/> starts it.</summary>
    public TestCluster Build() => new(this);

    internal void Apply(IServiceCollection services)
    {
        foreach (var configure in _siloOptions)
        {
            services.Configure(configure);
        }

        foreach (var configure in _siloServices)
        {
            configure(services);
        }
    }
}
