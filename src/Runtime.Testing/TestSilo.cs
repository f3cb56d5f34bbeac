using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netra.Runtime.Hosting;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Testing;

/// <summary>One silo of a test cluster: its own host and service provider, in the test's process.</summary>
public sealed class TestSilo(string name, IHost host)
{
    /// <summary>The silo's name.</summary>
    public string Name { get; } = name;

    /// <summary>The silo's host.</summary>
    public IHost Host { get; } = host;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The silo runtime.</summary>
    public Silo Silo => Services.GetRequiredService<Silo>();

    /// <summary>This incarnation's address.</summary>
    public SiloAddress Address => Silo.Address;

    /// <summary>The silo's own grain factory, as grains on it see it.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silos this silo's placement uses: the active members it knows of (itself alone when not clustered).</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos =>
        Services.GetService<Netra.Runtime.Cluster.ClusterPlacementDirector>()?.Ring.Silos ?? [Address];

    /// <summary>Whether the silo runs: started, and neither stopped nor killed.</summary>
    public bool IsAlive { get; internal set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address})";
}
