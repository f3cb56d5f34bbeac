using Microsoft.Extensions.DependencyInjection;

namespace Netra.Runtime.Hosting;

/// <summary>Configures one silo: its storage providers and options. Extension methods add features.</summary>
public sealed class SiloBuilder(IServiceCollection services)
{
    /// <summary>The name of the storage provider used when a grain names none.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>The silo's services.</summary>
    public IServiceCollection Services { get; } = services;
}
