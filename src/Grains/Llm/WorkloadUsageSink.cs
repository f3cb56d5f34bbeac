using Netra.Grains.Catalog;
using Netra.Grains.Workloads;

namespace Netra.Grains.Llm;

/// <summary>
/// Records Netra's own model calls in the calling user's <c>netra-self</c> dataset of the workload store, priced from
/// the catalog when the call did not say what it cost, so Netra can analyse its own LLM use like any workload.
/// </summary>
public sealed class WorkloadUsageSink(IWorkloadStore store, ModelCatalog catalog) : ILlmUsageSink
{
    /// <inheritdoc />
    public async ValueTask RecordAsync(string userId, WorkloadEvent usage, CancellationToken cancellationToken) =>
        await store.AppendAsync(userId, [catalog.Priced(usage)], CancellationToken.None);
}
