using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Runtime.Testing;

namespace Netra.Grains.Tests.Support;

/// <summary>
/// ClickHouse stores for tests, on the run's shared server (<see cref="ClickHouseServer.GetSharedAsync"/>) and one
/// database made for the run. Tests isolate themselves by user: <see cref="NewUser"/>.
/// </summary>
public static class ClickHouseStores
{
    private static readonly string s_database = ClickHouseServer.NewDatabaseName("grains_tests");
    private static readonly ConcurrentDictionary<int, Lazy<Task<ClickHouseWorkloadStore>>> s_shared = new();

    /// <summary>The run's store with a capacity of <paramref name="maxEventsPerUser"/>, migrated; one per capacity.</summary>
    public static Task<ClickHouseWorkloadStore> SharedAsync(int maxEventsPerUser = 1_000_000) =>
        s_shared.GetOrAdd(maxEventsPerUser, max => new Lazy<Task<ClickHouseWorkloadStore>>(async () =>
        {
            var server = await ClickHouseServer.GetSharedAsync();
            var store = Create(server.Url, s_database, max);
            await store.MigrateAsync(CancellationToken.None);
            return store;
        })).Value;

    /// <summary>A store of its own (dispose it) on <paramref name="url"/>, with quick retries unless configured otherwise.</summary>
    public static ClickHouseWorkloadStore Create(Uri url, string database, int maxEventsPerUser = 1_000_000, Action<ClickHouseStoreOptions>? configure = null)
    {
        var options = new WorkloadOptions
        {
            Store = WorkloadOptions.ClickHouseStore,
            MaxEventsPerUser = maxEventsPerUser,
            ClickHouse = new ClickHouseStoreOptions { Url = url.ToString(), Database = database, RetryBaseDelay = TimeSpan.FromMilliseconds(50) },
        };
        configure?.Invoke(options.ClickHouse);
        return new ClickHouseWorkloadStore(Options.Create(options), TimeProvider.System, NullLogger<ClickHouseWorkloadStore>.Instance);
    }

    /// <summary>A user id no other test uses.</summary>
    public static string NewUser(string name = "user") => $"{name}~{Guid.NewGuid():N}";
}
