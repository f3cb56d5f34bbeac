using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Ingestion;

namespace Netra.Grains.Workloads;

/// <summary>Adds workload analytics to a host: the catalog, the store, ingestion and the analysis tools.</summary>
public static class WorkloadServiceCollectionExtensions
{
    /// <summary>
    /// Adds workload analytics configured from <see cref="WorkloadOptions.Section"/>. The demo data is on by default
    /// unless <c>Netra:Cluster:Enabled</c> is true. Calling it twice adds nothing the second time.
    /// </summary>
    public static IHostApplicationBuilder AddNetraWorkloads(this IHostApplicationBuilder builder)
    {
        var clustered = builder.Configuration.GetValue<bool>("Netra:Cluster:Enabled");
        var section = builder.Configuration.GetSection(WorkloadOptions.Section);
        builder.Services.AddNetraWorkloads(options =>
        {
            section.Bind(options);
            options.DemoData ??= !clustered;
        });
        return builder;
    }

    /// <summary>
    /// Adds the model catalog (<see cref="ModelCatalog.Default"/>), the embedded <see cref="IWorkloadStore"/> (wrapped
    /// by <see cref="DemoDataWorkloadStore"/> when <see cref="WorkloadOptions.DemoData"/> is true), <see cref="WorkloadIngestion"/>
    /// and the analysis tools. An <see cref="IWorkloadStore"/> registered before this call (another implementation, or
    /// one store shared by the silos of a test) is kept. Calling it twice adds nothing the second time.
    /// </summary>
    public static IServiceCollection AddNetraWorkloads(this IServiceCollection services, Action<WorkloadOptions>? configure = null)
    {
        if (services.Any(d => d.ServiceType == typeof(WorkloadIngestion)))
        {
            return services;
        }

        var options = services.AddOptions<WorkloadOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ModelCatalog.Default);
        services.AddSingleton<EmbeddedWorkloadStore>();
        services.TryAddSingleton<IWorkloadStore>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<WorkloadOptions>>();
            var embedded = sp.GetRequiredService<EmbeddedWorkloadStore>();
            var demo = settings.Value.DemoData == true;
            WorkloadsLog.StoreConfigured(
                sp.GetRequiredService<ILogger<EmbeddedWorkloadStore>>(), "embedded (in memory)", settings.Value.MaxEventsPerUser, demo);
            return demo
                ? new DemoDataWorkloadStore(
                    embedded, sp.GetRequiredService<ModelCatalog>(), settings, sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<DemoDataWorkloadStore>>())
                : embedded;
        });
        services.AddSingleton<WorkloadIngestion>();
        services.AddNetraTools();
        return services;
    }
}
