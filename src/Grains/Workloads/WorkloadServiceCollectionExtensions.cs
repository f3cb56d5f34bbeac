using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Ingestion;

namespace Netra.Grains.Workloads;

/// <summary>Adds workload analytics to a host: the catalog, the store, ingestion and the analysis tools.</summary>
public static class WorkloadServiceCollectionExtensions
{
    /// <summary>
    /// Adds workload analytics configured from <see cref="WorkloadOptions.Section"/>. The demo data is on by default
    /// unless <c>Netra:Cluster:Enabled</c> is true or the store is ClickHouse (whose data outlives the process, and is
    /// shared by every silo and gateway configured with the same <c>Netra:Workloads:ClickHouse</c>). Calling it twice
    /// adds nothing the second time.
    /// </summary>
    public static IHostApplicationBuilder AddNetraWorkloads(this IHostApplicationBuilder builder)
    {
        var clustered = builder.Configuration.GetValue<bool>("Netra:Cluster:Enabled");
        var section = builder.Configuration.GetSection(WorkloadOptions.Section);
        builder.Services.AddNetraWorkloads(options =>
        {
            section.Bind(options);
            options.DemoData ??= !clustered && IsEmbedded(options);
        });
        return builder;
    }

    /// <summary>
    /// Adds the model catalog (<see cref="ModelCatalog.Default"/>), the <see cref="IWorkloadStore"/> that
    /// <see cref="WorkloadOptions.Store"/> names (the embedded one, or <see cref="ClickHouseWorkloadStore"/>; wrapped by
    /// <see cref="DemoDataWorkloadStore"/> when <see cref="WorkloadOptions.DemoData"/> is true), <see cref="WorkloadIngestion"/>
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
        services.AddSingleton<ClickHouseWorkloadStore>();
        services.TryAddSingleton<IWorkloadStore>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<WorkloadOptions>>();
            var demo = settings.Value.DemoData == true;
            IWorkloadStore store;
            if (IsEmbedded(settings.Value))
            {
                store = sp.GetRequiredService<EmbeddedWorkloadStore>();
                WorkloadsLog.StoreConfigured(
                    sp.GetRequiredService<ILogger<EmbeddedWorkloadStore>>(), "embedded (in memory)", settings.Value.MaxEventsPerUser, demo);
            }
            else if (string.Equals(settings.Value.Store, WorkloadOptions.ClickHouseStore, StringComparison.OrdinalIgnoreCase))
            {
                store = sp.GetRequiredService<ClickHouseWorkloadStore>();
                ClickHouseLog.Configured(
                    sp.GetRequiredService<ILogger<ClickHouseWorkloadStore>>(), settings.Value.ClickHouse.SafeUrl, settings.Value.ClickHouse.Database,
                    settings.Value.MaxEventsPerUser);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Unknown workload store '{settings.Value.Store}' in {WorkloadOptions.Section}:Store: use "
                    + $"'{WorkloadOptions.EmbeddedStore}' or '{WorkloadOptions.ClickHouseStore}'.");
            }

            return demo
                ? new DemoDataWorkloadStore(
                    store, sp.GetRequiredService<ModelCatalog>(), settings, sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<DemoDataWorkloadStore>>())
                : store;
        });
        services.AddSingleton<WorkloadIngestion>();
        services.AddNetraTools();
        return services;
    }

    private static bool IsEmbedded(WorkloadOptions options) =>
        string.IsNullOrWhiteSpace(options.Store) || string.Equals(options.Store, WorkloadOptions.EmbeddedStore, StringComparison.OrdinalIgnoreCase);
}
