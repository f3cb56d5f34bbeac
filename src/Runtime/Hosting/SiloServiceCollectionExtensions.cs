using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Runtime.Activation;
using Netra.Runtime.Invocation;
using Netra.Runtime.Persistence.Memory;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Hosting;

/// <summary>Adds a Netra silo to a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds a silo configured from the "Netra:Silo" section, then by <paramref name="configure"/>.</summary>
    public static IHostApplicationBuilder AddNetraSilo(this IHostApplicationBuilder builder, Action<SiloBuilder>? configure = null)
    {
        builder.Services.Configure<SiloOptions>(builder.Configuration.GetSection("Netra:Silo"));
        builder.Services.AddNetraSilo(configure);
        return builder;
    }

    /// <summary>Adds a silo: the runtime, its grain factory (also the in-process <see cref="IClusterClient"/>) and its lifecycle.</summary>
    public static IServiceCollection AddNetraSilo(this IServiceCollection services, Action<SiloBuilder>? configure = null)
    {
        services.AddOptions<SiloOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton<SiloContext>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Catalog>(sp).Tracked());
        services.AddSingleton(sp => new LocalSiloDetails(SiloAddress.InProcess(sp.GetRequiredService<IOptions<SiloOptions>>().Value.Name)));
        services.TryAddSingleton<IPlacementDirector>(sp => new LocalPlacementDirector(sp.GetRequiredService<LocalSiloDetails>()));
        services.AddSingleton<MessageCenter>();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<MessageCenter>());
        services.AddSingleton(sp => new CallbackRegistry(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SiloOptions>>().Value.ResponseTimeoutScanInterval));
        services.AddSingleton<IGrainCallInvoker>(sp => new GrainCallInvoker(
            sp.GetRequiredService<IMessageSender>(),
            sp.GetRequiredService<CallbackRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value.ResponseTimeout));
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<LocalSiloDetails>();
            return new GrainFactory(sp.GetRequiredService<IGrainCallInvoker>(), () => ObserverRegistry.SiloOwner(local.Address));
        });
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton(sp => new Silo(
            sp.GetRequiredService<SiloContext>(),
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<CallbackRegistry>(),
            sp.GetRequiredService<MessageCenter>(),
            sp.GetServices<IStorageInitializer>(),
            sp.GetRequiredService<ILogger<Silo>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());
        services.AddNetraStreams();
        configure?.Invoke(new SiloBuilder(services));
        return services;
    }

    /// <summary>Adds grain storage in process memory under <paramref name="name"/>.</summary>
    public static SiloBuilder AddMemoryGrainStorage(this SiloBuilder builder, string name = SiloBuilder.DefaultStorageName)
    {
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (_, _) => new MemoryGrainStorage());
        return builder;
    }

    /// <summary>Adds <paramref name="storage"/> under <paramref name="name"/>: for sharing one store between silos of a test cluster.</summary>
    public static SiloBuilder AddGrainStorage(this SiloBuilder builder, string name, IGrainStorage storage)
    {
        builder.Services.AddKeyedSingleton(name, storage);
        return builder;
    }
}
