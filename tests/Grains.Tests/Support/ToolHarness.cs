using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Support;

/// <summary>An embedded store and the tool runner over it, for one test: seed a user's events, run a tool, read its data.</summary>
public sealed class ToolHarness
{
    public ToolHarness(int maxEventsPerUser = 1_000_000)
    {
        Store = new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions { MaxEventsPerUser = maxEventsPerUser }));
        Runner = new ToolRunner(new ToolRegistry(ToolServiceCollectionExtensions.All), Store, ModelCatalog.Default, TimeProvider.System, NullLogger<ToolRunner>.Instance);
    }

    public const string User = "alice";

    public EmbeddedWorkloadStore Store { get; }

    public ToolRunner Runner { get; }

    /// <summary>Stores <paramref name="events"/> for <paramref name="user"/>, priced from the catalog where they carry no cost.</summary>
    public async Task<ToolHarness> SeedAsync(IEnumerable<WorkloadEvent> events, string user = User)
    {
        var list = events.Select(ModelCatalog.Default.Priced).ToList();
        Assert.Equal(list.Count, await Store.AppendAsync(user, list, CancellationToken.None));
        return this;
    }

    /// <summary>Runs <paramref name="tool"/> with <paramref name="parameters"/> (an anonymous object or null) for <paramref name="user"/>.</summary>
    public async Task<(ToolResult Result, JsonElement Data)> RunAsync(string tool, object? parameters = null, string user = User)
    {
        var json = parameters is null ? "{}" : JsonSerializer.Serialize(parameters);
        var result = await Runner.RunAsync(new ToolInvocation(user, tool, json), CancellationToken.None);
        Assert.Equal(tool, result.Tool);
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));
        return (result, JsonDocument.Parse(result.DataJson).RootElement);
    }
}
