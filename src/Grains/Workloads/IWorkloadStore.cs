using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads;

/// <summary>
/// The analytics store of workload events: one per process, shared by the gateway's ingestion and the tools. Every call
/// names the user, and a call never reads or changes another user's events. Aggregations run inside the store
/// (<see cref="QueryAsync"/>); only simulations stream events (<see cref="ReadAsync(string, WorkloadFilter, CancellationToken)"/>). Implementations: the embedded
/// in-memory store (the default) and ClickHouse; both give the same answers to the same calls.
/// </summary>
public interface IWorkloadStore
{
    /// <summary>
    /// Appends events, each to the dataset it names. Events are stored in order until the user's capacity is reached; the
    /// rest are not stored, and the caller must report them as rejected.
    /// </summary>
    /// <param name="userId">Whose events.</param>
    /// <param name="events">Valid events (see <see cref="Ingestion.WorkloadEventParser"/>), priced if the caller wants a cost.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many of <paramref name="events"/>, from the first, were stored.</returns>
    Task<int> AppendAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken);

    /// <summary>The user's datasets with their event counts and time ranges, by name.</summary>
    Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes a dataset and its events; false when the user has no such dataset.</summary>
    Task<bool> DeleteDatasetAsync(string userId, string dataset, CancellationToken cancellationToken);

    /// <summary>Runs an aggregation over the user's events.</summary>
    /// <exception cref="ArgumentException">The query is malformed (see <see cref="WorkloadQuery.Validate"/>).</exception>
    Task<WorkloadQueryResult> QueryAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken);

    /// <summary>The busiest time bucket of each group of the user's events (see <see cref="WorkloadPeakQuery"/>).</summary>
    /// <exception cref="ArgumentException">The query is malformed (see <see cref="WorkloadPeakQuery.Validate"/>).</exception>
    Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(string userId, WorkloadPeakQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the user's events that match <paramref name="filter"/> in timestamp order (ties in arrival order), for
    /// simulations that replay requests in bounded memory.
    /// </summary>
    IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(string, WorkloadFilter, CancellationToken)"/>; without <paramref name="prompts"/> a store
    /// may leave each event's prompt hash and prefix hashes out (null). Replays of routing and latency never read them,
    /// and they are most of a stored row's bytes.
    /// </summary>
    IAsyncEnumerable<WorkloadEvent> ReadAsync(string userId, WorkloadFilter filter, bool prompts, CancellationToken cancellationToken) =>
        ReadAsync(userId, filter, cancellationToken);
}

/// <summary>One of a user's datasets.</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Events">How many events it holds.</param>
/// <param name="FirstTimestamp">Its earliest event.</param>
/// <param name="LastTimestamp">Its latest event.</param>
public sealed record WorkloadDataset(string Name, long Events, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);
