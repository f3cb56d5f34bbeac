using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;

namespace Netra.Grains.Tests.Support;

/// <summary>
/// An embedded store and the tool runner over it, for one test: seed a user's events, run a tool, read its data. Every
/// seed also goes to a ClickHouse store (the run's shared server, users made unique to this harness), and every run
/// runs the tool on both stores and asserts that they agree (data to 1e-9 relative, summary exactly, or the same
/// exception) before returning the embedded store's result.
/// </summary>
public sealed class ToolHarness
{
    private readonly int _maxEventsPerUser;
    private readonly string _userSuffix = $"~h{Guid.NewGuid():N}";

    public ToolHarness(int maxEventsPerUser = 1_000_000)
    {
        _maxEventsPerUser = maxEventsPerUser;
        Store = new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions { MaxEventsPerUser = maxEventsPerUser }));
        Runner = NewRunner(Store);
    }

    public const string User = "alice";

    public EmbeddedWorkloadStore Store { get; }

    public ToolRunner Runner { get; }

    /// <summary>Stores <paramref name="events"/> for <paramref name="user"/>, priced from the catalog where they carry no cost, in both stores.</summary>
    public async Task<ToolHarness> SeedAsync(IEnumerable<WorkloadEvent> events, string user = User)
    {
        var list = events.Select(ModelCatalog.Default.Priced).ToList();
        Assert.Equal(list.Count, await Store.AppendAsync(user, list, CancellationToken.None));
        var clickHouse = await ClickHouseStores.SharedAsync(_maxEventsPerUser);
        Assert.Equal(list.Count, await clickHouse.AppendAsync(user + _userSuffix, list, CancellationToken.None));
        return this;
    }

    /// <summary>
    /// Writes through <paramref name="write"/> (an import, say) into both stores, as <paramref name="user"/> in the
    /// embedded one and as this harness's twin of that user in ClickHouse; asserts both gave the same answer and returns it.
    /// </summary>
    public async Task<T> WriteBothAsync<T>(Func<IWorkloadStore, string, Task<T>> write, string user = User)
    {
        var embedded = await write(Store, user);
        var clickHouse = await write(await ClickHouseStores.SharedAsync(_maxEventsPerUser), user + _userSuffix);
        Assert.Equal(JsonSerializer.Serialize(embedded), JsonSerializer.Serialize(clickHouse));
        return embedded;
    }

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="parameters"/> (an anonymous object or null) for <paramref name="user"/>
    /// on both stores, asserts that they agree, and returns the embedded store's result.
    /// </summary>
    public async Task<(ToolResult Result, JsonElement Data)> RunAsync(string tool, object? parameters = null, string user = User)
    {
        var json = parameters is null ? "{}" : JsonSerializer.Serialize(parameters);
        var (result, error) = await TryRunAsync(Runner, new ToolInvocation(user, tool, json));
        var clickHouseRunner = NewRunner(await ClickHouseStores.SharedAsync(_maxEventsPerUser));
        var (other, otherError) = await TryRunAsync(clickHouseRunner, new ToolInvocation(user + _userSuffix, tool, json));
        if (error is not null)
        {
            Assert.True(
                otherError?.GetType() == error.GetType(),
                $"{tool} threw {error.GetType().Name} on the embedded store but {otherError?.GetType().Name ?? "nothing"} on ClickHouse: {otherError?.Message}");
            ExceptionDispatchInfo.Throw(error);
        }

        Assert.True(otherError is null, $"{tool} failed on ClickHouse only: {otherError}");
        AssertAgree(tool, result!, other!);
        Assert.Equal(tool, result!.Tool);
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));
        return (result, JsonDocument.Parse(result.DataJson).RootElement);
    }

    private static void AssertAgree(string tool, ToolResult embedded, ToolResult clickHouse)
    {
        var difference = ResultComparer.Difference(JsonDocument.Parse(embedded.DataJson).RootElement, JsonDocument.Parse(clickHouse.DataJson).RootElement);
        Assert.True(difference is null, $"{tool} data differs between the embedded store and ClickHouse at {difference}");
        Assert.True(
            embedded.Summary == clickHouse.Summary,
            $"{tool} summary differs between the stores:\nembedded:   {embedded.Summary}\nClickHouse: {clickHouse.Summary}");
    }

    private static async Task<(ToolResult? Result, Exception? Error)> TryRunAsync(ToolRunner runner, ToolInvocation invocation)
    {
        try
        {
            return (await runner.RunAsync(invocation, CancellationToken.None), null);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            return (null, exception);
        }
    }

    private static ToolRunner NewRunner(IWorkloadStore store) =>
        new(new ToolRegistry(ToolServiceCollectionExtensions.All), store, ModelCatalog.Default, TimeProvider.System, NullLogger<ToolRunner>.Instance);
}
