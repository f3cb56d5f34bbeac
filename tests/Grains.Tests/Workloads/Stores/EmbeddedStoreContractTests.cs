using Microsoft.Extensions.Options;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>The store contract on the embedded store, the reference.</summary>
public sealed class EmbeddedStoreContractTests : WorkloadStoreContract
{
    protected override Task<IWorkloadStore> StoreAsync(int maxEventsPerUser = 1_000_000) =>
        Task.FromResult<IWorkloadStore>(new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions { MaxEventsPerUser = maxEventsPerUser })));
}
