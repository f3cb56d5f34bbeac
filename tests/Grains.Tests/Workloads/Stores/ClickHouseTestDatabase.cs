using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Runtime.Testing;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>A database of one test on the shared server, migrated, with its store and plain SQL.</summary>
internal sealed class ClickHouseTestDatabase : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private ClickHouseTestDatabase(ClickHouseServer server, string name)
    {
        Server = server;
        Name = name;
        Store = ClickHouseStores.Create(server.Url, name);
    }

    public ClickHouseServer Server { get; }

    public string Name { get; }

    public ClickHouseWorkloadStore Store { get; }

    public static async Task<ClickHouseTestDatabase> CreateAsync()
    {
        var db = new ClickHouseTestDatabase(await ClickHouseServer.GetSharedAsync(), ClickHouseServer.NewDatabaseName("rollup"));
        await db.Store.MigrateAsync(CancellationToken.None);
        return db;
    }

    /// <summary>Runs a statement, with the setting the store's own requests carry to create LowCardinality columns on 18.16.</summary>
    public async Task ExecuteAsync(string sql)
    {
        using var response = await _http.PostAsync(new Uri(Server.Url, "?allow_experimental_low_cardinality_type=1"), new StringContent(sql));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> QueryAsync(string sql)
    {
        using var response = await _http.PostAsync(Server.Url, new StringContent(sql + " FORMAT TabSeparated"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Name}");
        Store.Dispose();
        _http.Dispose();
    }
}
