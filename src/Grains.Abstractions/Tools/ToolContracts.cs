using Netra.Runtime;

namespace Netra.Grains.Tools;

/// <summary>A request to run one analysis tool on one user's workload.</summary>
/// <param name="UserId">Whose data: a tool never reads another user's events.</param>
/// <param name="Tool">The tool's name, such as <c>cost_analyzer</c> (../shared/TOOLS.md).</param>
/// <param name="ParametersJson">The tool's parameters as a JSON object; <c>dataset</c> among them.</param>
public sealed record ToolInvocation(string UserId, string Tool, string ParametersJson);

/// <summary>What a tool computed.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Summary">One paragraph in plain words, made from the numbers in <paramref name="DataJson"/>.</param>
/// <param name="DataJson">The structured result as a JSON object: numbers, tables and chart series.</param>
/// <param name="InsufficientData">True when there was too little data to answer; the summary says what is missing.</param>
/// <param name="DurationMs">How long the tool took.</param>
public sealed record ToolResult(string Tool, string Summary, string DataJson, bool InsufficientData, double DurationMs);

/// <summary>A tool as <c>GET /api/tools</c> lists it.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Category">cost, latency, caching, routing, workload or reporting.</param>
/// <param name="Description">What it computes.</param>
/// <param name="ParameterSchemaJson">A JSON Schema of its parameters.</param>
public sealed record ToolDescriptor(string Name, string Category, string Description, string ParameterSchemaJson);

/// <summary>
/// Runs analysis tools. A stateless worker: calls spread over the silos, so a sub-agent's fan-out of tools runs in
/// parallel across the cluster. The key is ignored; use <see cref="AnyKey"/>.
/// </summary>
public interface IToolGrain : IGrainWithStringKey
{
    /// <summary>The key every caller uses.</summary>
    const string AnyKey = "tools";

    /// <summary>Runs the tool. Unknown tools and invalid parameters throw <see cref="ArgumentException"/>.</summary>
    Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken);

    /// <summary>The tools this silo can run.</summary>
    Task<List<ToolDescriptor>> ListAsync();
}
