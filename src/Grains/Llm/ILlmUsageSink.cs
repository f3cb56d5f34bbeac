using Netra.Grains.Workloads;

namespace Netra.Grains.Llm;

/// <summary>
/// Where Netra's own LLM calls go: each one is a <see cref="WorkloadEvent"/> in the calling user's <c>netra-self</c>
/// dataset, so Netra's agents show up in the analysis like any other workload. The host registers the implementation;
/// <see cref="LlmServiceCollectionExtensions.AddNetraLlm"/> requires one.
/// </summary>
public interface ILlmUsageSink
{
    /// <summary>Records <paramref name="usage"/>, one model call, for <paramref name="userId"/>.</summary>
    ValueTask RecordAsync(string userId, WorkloadEvent usage, CancellationToken cancellationToken);
}
