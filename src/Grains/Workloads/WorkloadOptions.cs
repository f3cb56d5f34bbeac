using Netra.Grains.Workloads.ClickHouse;

namespace Netra.Grains.Workloads;

/// <summary>The workload analytics settings, bound from <see cref="Section"/>.</summary>
public sealed class WorkloadOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Netra:Workloads";

    /// <summary>The store value of the in-memory store, the default.</summary>
    public const string EmbeddedStore = "embedded";

    /// <summary>The store value of <see cref="ClickHouseWorkloadStore"/>.</summary>
    public const string ClickHouseStore = "clickhouse";

    /// <summary>Which store holds the events: <c>embedded</c> (the default) or <c>clickhouse</c> (<c>Netra:Workloads:Store</c>).</summary>
    public string Store { get; set; } = EmbeddedStore;

    /// <summary>Where the ClickHouse store lives, when <see cref="Store"/> is <c>clickhouse</c> (<c>Netra:Workloads:ClickHouse</c>).</summary>
    public ClickHouseStoreOptions ClickHouse { get; set; } = new();

    /// <summary>The most events a store keeps per user (all datasets together); appends beyond it are rejected.</summary>
    public int MaxEventsPerUser { get; set; } = 500_000;

    /// <summary>
    /// Whether every user gets the demo dataset on first touch. Unset means on in the embedded default and off in
    /// cluster mode (<c>Netra:Workloads:DemoData</c>).
    /// </summary>
    public bool? DemoData { get; set; }

    /// <summary>The first day of the demo data (UTC midnight); unset means the 14 days that end at today's UTC midnight.</summary>
    public DateTimeOffset? DemoStart { get; set; }

    /// <summary>The largest body <c>POST /api/workloads/events</c> accepts, in bytes; larger ones get 413.</summary>
    public long MaxIngestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// The largest (decompressed) body <c>POST /api/workloads/import</c> reads, in bytes; a larger one gets 413. Import
    /// streams in bounded memory, so this guards time and store capacity, not memory. Zero or less: no limit.
    /// </summary>
    public long MaxImportBytes { get; set; } = 4L * 1024 * 1024 * 1024;
}
