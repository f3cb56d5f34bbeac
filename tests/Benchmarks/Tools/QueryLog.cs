using System.Globalization;
using System.Text;

namespace Netra.Benchmarks.Tools;

/// <summary>
/// What ClickHouse itself spent on the queries that started in a window of whole seconds, from <c>system.query_log</c>
/// (the benchmark's server logs every query). The benchmark starts a measured window on a fresh second and lets the next
/// second begin before it ends one, so a window holds the queries of one tool's timed calls and nothing else.
/// </summary>
public sealed class QueryLog(Uri server) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Queries, their summed duration in ms and rows read.</summary>
    public sealed record Totals(long Queries, double DurationMs, long ReadRows);

    /// <summary>Waits until a new second starts and returns it (Unix seconds).</summary>
    public static async Task<long> NextSecondAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var next = now.ToUnixTimeSeconds() + 1;
        await Task.Delay(DateTimeOffset.FromUnixTimeSeconds(next) - now + TimeSpan.FromMilliseconds(5));
        return next;
    }

    /// <summary>The finished queries that started in [<paramref name="from"/>, <paramref name="to"/>) (Unix seconds).</summary>
    public async Task<Totals> ReadAsync(long from, long to)
    {
        await ExecuteAsync("SYSTEM FLUSH LOGS");
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(), sum(query_duration_ms), sum(read_rows) FROM system.query_log WHERE type = 2 AND query_start_time >= toDateTime({from}) "
            + $"AND query_start_time < toDateTime({to}) AND query NOT LIKE '%system.query_log%' FORMAT TabSeparated");
        var fields = (await ExecuteAsync(sql)).Trim().Split('\t');
        return new Totals(long.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a statement and returns the body.</summary>
    public async Task<string> ExecuteAsync(string sql)
    {
        using var response = await _client.PostAsync(server, new StringContent(sql, Encoding.UTF8));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"ClickHouse: {body}");
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _client.Dispose();
}
