using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Llm;
using Netra.Grains.Workloads;

namespace Netra.Gateway.Tests.Agents;

/// <summary>
/// The services Netra's silos add beside the runtime: one workload store (with the demo data) shared by every silo of
/// the test process, as a database would be, the analysis tools, and the language model with its usage sink.
/// </summary>
public static class NetraTestServices
{
    private static readonly Lazy<IWorkloadStore> s_store = new(() =>
        new ServiceCollection().AddLogging().AddNetraWorkloads(o => o.DemoData = true).BuildServiceProvider().GetRequiredService<IWorkloadStore>());

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(s_store.Value);
        services.AddNetraWorkloads(o => o.DemoData = true);
        services.AddNetraLlm(configuration);
        services.AddSingleton<ILlmUsageSink, WorkloadUsageSink>();
    }
}
