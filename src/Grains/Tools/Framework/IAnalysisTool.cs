namespace Netra.Grains.Tools.Framework;

/// <summary>
/// An analysis tool of ../shared/TOOLS.md. A tool computes from the user's events (through the store's aggregations,
/// or a bounded stream for simulations) and the model catalog, and words its summary from the numbers it returns.
/// Tools are stateless singletons; everything about one call is in its <see cref="ToolContext"/>.
/// </summary>
public interface IAnalysisTool
{
    /// <summary>The tool's name, such as <c>cost_analyzer</c>.</summary>
    string Name { get; }

    /// <summary>One of <see cref="ToolCategories"/>.</summary>
    string Category { get; }

    /// <summary>What it computes, for the tool list and the model that picks tools.</summary>
    string Description { get; }

    /// <summary>Every parameter it takes (for workload tools, <see cref="ToolParameters.Workload"/> first).</summary>
    IReadOnlyList<ToolParameter> Parameters { get; }

    /// <summary>Runs the tool on the context's user's data.</summary>
    Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken);
}

/// <summary>The categories of ../shared/TOOLS.md.</summary>
public static class ToolCategories
{
    /// <summary>Cost.</summary>
    public const string Cost = "cost";

    /// <summary>Latency and throughput.</summary>
    public const string Latency = "latency";

    /// <summary>Caching.</summary>
    public const string Caching = "caching";

    /// <summary>Routing and policy.</summary>
    public const string Routing = "routing";

    /// <summary>Workload understanding.</summary>
    public const string Workload = "workload";

    /// <summary>Reporting.</summary>
    public const string Reporting = "reporting";
}

/// <summary>What a tool returns before the runner times it and serializes it.</summary>
/// <param name="Summary">One paragraph in plain words, made from the numbers in <paramref name="Data"/>.</param>
/// <param name="Data">Numbers, tables and chart series; serialized as snake_case JSON.</param>
/// <param name="InsufficientData">True when there was too little data to answer.</param>
public sealed record ToolOutput(string Summary, object Data, bool InsufficientData = false)
{
    /// <summary>An answer that says what is missing and invents nothing.</summary>
    public static ToolOutput Insufficient(string summary, object? data = null) => new(summary, data ?? new { }, true);
}
