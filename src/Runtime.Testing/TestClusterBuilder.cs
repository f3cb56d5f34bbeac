using Microsoft.Extensions.DependencyInjection;
using Netra.Runtime.Hosting;

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
