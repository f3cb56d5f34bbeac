using System.Text.Json;
using Microsoft.Extensions.Logging;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tools.Framework;

/// <summary>
/// Runs a tool for a user: finds it, validates the parameters, runs it on that user's data only, serializes its data
/// as snake_case JSON and measures the duration. <see cref="ToolGrain"/> is its grain face.
/// </summary>
public sealed class ToolRunner(ToolRegistry registry, IWorkloadStore store, ModelCatalog catalog, TimeProvider time, ILogger<ToolRunner> logger)
{
    /// <summary>The tools' descriptors.</summary>
    public IReadOnlyList<ToolDescriptor> Descriptors => registry.Descriptors;

    /// <summary>Runs <paramref name="invocation"/>.</summary>
    /// <exception cref="ArgumentException">The tool is unknown, the user id is empty, or the parameters are invalid.</exception>
    public async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (string.IsNullOrWhiteSpace(invocation.UserId))
        {
            throw new ArgumentException("A tool runs on a user's data; the user id is empty.", nameof(invocation));
        }

        if (!registry.TryGet(invocation.Tool ?? "", out var tool))
        {
            throw new ArgumentException(
                $"Unknown tool '{invocation.Tool}'. Known tools: {string.Join(", ", registry.Descriptors.Select(d => d.Name))}.", nameof(invocation));
        }

        ToolArguments arguments;
        try
        {
            arguments = ToolArguments.Parse(invocation.ParametersJson, tool.Parameters);
        }
        catch (ArgumentException ex)
        {
            ToolsLog.InvalidParameters(logger, tool.Name, invocation.UserId, ex.Message);
            throw;
        }

        using var span = ToolTelemetry.Start(tool.Name);
        var started = time.GetTimestamp();
        ToolOutput output;
        try
        {
            output = await tool.RunAsync(new ToolContext(invocation.UserId, arguments, store, catalog), cancellationToken);
        }
        catch
        {
            ToolTelemetry.Record(span, tool.Name, time.GetElapsedTime(started).TotalMilliseconds, "error");
            throw;
        }

        var duration = time.GetElapsedTime(started).TotalMilliseconds;
        ToolTelemetry.Record(span, tool.Name, duration, output.InsufficientData ? "insufficient_data" : "ok");
        ToolsLog.ToolRan(logger, tool.Name, invocation.UserId, duration, output.InsufficientData);
        return new ToolResult(tool.Name, output.Summary, JsonSerializer.Serialize(output.Data, ToolJson.Options), output.InsufficientData, duration);
    }
}
