using Netra.Grains.Catalog;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Framework;

/// <summary>One tool call: whose data, the validated parameters, the store and the catalog.</summary>
public sealed class ToolContext
{
    /// <summary>Creates the context of a call; the filter comes from the common parameters.</summary>
    public ToolContext(string userId, ToolArguments arguments, IWorkloadStore store, ModelCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
        Arguments = arguments;
        Store = store;
        Catalog = catalog;
        Filter = new WorkloadFilter
        {
            Dataset = Optional(ToolParameters.Dataset.Name, arguments.String),
            From = Optional(ToolParameters.From.Name, arguments.DateTime),
            To = Optional(ToolParameters.To.Name, arguments.DateTime),
            Models = Optional(ToolParameters.Model.Name, arguments.String) is { } model ? [model] : null,
            Features = Optional(ToolParameters.Feature.Name, arguments.String) is { } feature ? [feature] : null,
        };
    }

    /// <summary>Whose data: the store is only ever asked about this user.</summary>
    public string UserId { get; }

    /// <summary>The validated parameters.</summary>
    public ToolArguments Arguments { get; }

    /// <summary>The model catalog.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>The events the call is about: dataset, time range, model and feature from the common parameters.</summary>
    public WorkloadFilter Filter { get; }

    private IWorkloadStore Store { get; }

    /// <summary>Words for the summary saying which data was read, such as "in dataset demo".</summary>
    public string Scope
    {
        get
        {
            var parts = new List<string> { Filter.Dataset is { } d ? $"in dataset {d}" : "across all datasets" };
            if (Filter.Models is [var model])
            {
                parts.Add($"for model {model}");
            }

            if (Filter.Features is [var feature])
            {
                parts.Add($"for feature {feature}");
            }

            if (Filter.From is { } from)
            {
                parts.Add($"from {from:yyyy-MM-dd HH:mm}Z");
            }

            if (Filter.To is { } to)
            {
                parts.Add($"before {to:yyyy-MM-dd HH:mm}Z");
            }

            return string.Join(" ", parts);
        }
    }

    /// <summary>Runs an aggregation over the user's events.</summary>
    public Task<WorkloadQueryResult> QueryAsync(WorkloadQuery query, CancellationToken cancellationToken) =>
        Store.QueryAsync(UserId, query, cancellationToken);

    /// <summary>Runs an aggregation over <see cref="Filter"/>'s events.</summary>
    public Task<WorkloadQueryResult> QueryAsync(IReadOnlyList<GroupBy> groupBy, IReadOnlyList<Measure> measures, CancellationToken cancellationToken) =>
        QueryAsync(new WorkloadQuery(Filter, groupBy, measures), cancellationToken);

    /// <summary>The busiest time bucket of each group of the user's events.</summary>
    public Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(WorkloadPeakQuery query, CancellationToken cancellationToken) =>
        Store.PeaksAsync(UserId, query, cancellationToken);

    /// <summary>Streams the user's events matching <paramref name="filter"/> in timestamp order, for simulations.</summary>
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(WorkloadFilter filter, CancellationToken cancellationToken) =>
        Store.ReadAsync(UserId, filter, cancellationToken);

    /// <summary>As <see cref="ReadAsync(WorkloadFilter, CancellationToken)"/>; without <paramref name="prompts"/>, the events may lack their prompt and prefix hashes.</summary>
    public IAsyncEnumerable<WorkloadEvent> ReadAsync(WorkloadFilter filter, bool prompts, CancellationToken cancellationToken) =>
        Store.ReadAsync(UserId, filter, prompts, cancellationToken);

    private T? Optional<T>(string name, Func<string, T?> read) => Arguments.Has(name) ? read(name) : default;
}
