namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// The versioned schema of the ClickHouse store. Each migration is a list of statements that can each be run again (<c>IF
/// NOT EXISTS</c>, copies that leave out what is there, rebuilds), so a migration that one process re-runs after a crash
/// between its statements, or before its <c>schema_migrations</c> row, does no harm, and processes migrating at once take
/// each statement in turn (a fixed query id each, see <see cref="ClickHouseMigrator"/>). A crash in the middle of a
/// rollup backfill leaves the rollup short (the re-run sees it non-empty), and a migration that moves data or backfills
/// a rollup (versions 2 to 4) should run while nothing else inserts, processes of the older version included: an
/// insert between a backfill and its view is never rolled up. ClickHouse 18.16 has no transactions or locks to do better. The
/// version applied is the greatest in <c>schema_migrations</c>; rows may repeat.
/// </summary>
internal static class ClickHouseSchema
{
    /// <summary>The table of events (since version 3, with its repeated strings dictionary-encoded).</summary>
    public const string Events = "workload_events_v3";

    /// <summary>The table of events of versions 1 and 2, whose rows version 3 moves into <see cref="Events"/>.</summary>
    public const string LegacyEvents = "workload_events";

    /// <summary>The table of dataset deletion markers.</summary>
    public const string Deletions = "workload_deletions";

    /// <summary>The table of applied migrations.</summary>
    public const string Migrations = "schema_migrations";

    /// <summary>The columns of <see cref="Events"/>, in the order the inserts write them.</summary>
    public static readonly string[] EventColumns =
    [
        "user_id", "dataset", "seq", "ts_ms", "request_id", "provider", "model", "operation", "input_tokens", "output_tokens",
        "cache_read_input_tokens", "cache_creation_input_tokens", "latency_ms", "ttft_ms", "status", "finish_reason", "cost_usd",
        "feature", "end_user", "session_id", "prompt_hash", "prefix_hashes", "has_prefix_hashes", "max_tokens", "team",
    ];

    /// <summary>The migrations by version, from 1; <c>{db}</c> stands for the quoted database name.</summary>
    public static IReadOnlyList<string[]> All { get; } =
    [
        [
            LegacyEventsTable,

            // A dataset's events with seq < before_seq are deleted: hidden at once from every query, then removed for
            // good by an asynchronous ALTER TABLE DELETE. Several markers for one dataset: the greatest wins.
            $$"""
            CREATE TABLE IF NOT EXISTS {db}.{{Deletions}} (
                user_id String, dataset String, before_seq UInt64, deleted_at DateTime
            ) ENGINE = MergeTree
            ORDER BY (user_id, dataset)
            """,
        ],

        // The hourly rollup (see ClickHouseRollup): its table, the events stored before it, and the view that fills it.
        ClickHouseRollup.Legacy.Migration,

        // Version 3: the events in a table whose user, dataset, model, status and feature are LowCardinality
        // (dictionary-encoded), so the filter by user and dataset and the groupings by model, feature or status compare
        // small integers rather than strings: by hand at 10M events, a count/sum scan 0.25 → 0.10 s and percentiles per
        // model 0.77 → 0.43 s. Each such column costs inserts a dictionary per part, so the rarely grouped strings
        // (provider, operation, finish reason, team) stay String: by hand, 10k-row inserts +5–8% rather than +25%. The
        // legacy table is copied: only the events no
        // deletion marker hides (a purge still pending on the legacy table would never reach the copy), and none
        // already copied, so a re-run after a crash neither loses nor repeats an event. Then the rollup is built again
        // from the new table (as version 2's: only into an empty one), and the legacy tables are emptied, not dropped:
        // a process that started migrating at the same time may still run version 2's statements on them. Run the
        // upgrade while nothing else inserts; processes migrating at once take each statement in turn (ClickHouseMigrator).
        [
            LegacyEventsTable,
            EventsTable(Events, lowCardinality: true),
            $"INSERT INTO {{db}}.{Events} ({string.Join(", ", EventColumns)}) SELECT {string.Join(", ", EventColumns)} FROM {{db}}.{LegacyEvents}"
                + $"{ClickHouseRollup.VisibleJoin} WHERE seq >= deleted_before AND (user_id, dataset, seq) NOT IN (SELECT user_id, dataset, seq FROM {{db}}.{Events})",
            $"DROP TABLE IF EXISTS {{db}}.{ClickHouseRollup.Legacy.View}",
            .. ClickHouseRollup.Hourly.Migration,
            $"TRUNCATE TABLE {{db}}.{ClickHouseRollup.Legacy.Table}",
            $"TRUNCATE TABLE {{db}}.{LegacyEvents}",
        ],

        // Version 4: the rollup by input-token bin (ClickHouseRollup.Bins), which the routing proposers and the
        // prompt-length histogram read instead of grouping every event by four keys. Its view costs inserts about
        // 10–30% more server time (by hand, 100,000-row inserts with both views against the hourly one alone).
        ClickHouseRollup.Bins.Migration,
    ];

    private static string LegacyEventsTable => EventsTable(LegacyEvents, lowCardinality: false);

    /// <summary>
    /// The events table: ordered by user, dataset and time, partitioned by month. With <paramref name="lowCardinality"/>
    /// the user, dataset, model, status and feature (<see cref="IsDictionaryKey"/>) are LowCardinality,
    /// which ClickHouse 18.16 creates only with <c>allow_experimental_low_cardinality_type</c> (set on every request).
    /// </summary>
    private static string EventsTable(string name, bool lowCardinality)
    {
        string Text(string name, bool nullable = false) => TextColumn(name, nullable, lowCardinality);

        // seq is the arrival stamp (see ClickHouseSequence): it breaks timestamp ties in ReadAsync and decides which
        // events a deletion marker hides. Timestamps are kept in milliseconds, as in the embedded store.
        return $$"""
            CREATE TABLE IF NOT EXISTS {db}.{{name}} (
                {{Text("user_id")}}, {{Text("dataset")}}, seq UInt64, ts_ms Int64,
                request_id Nullable(String), provider Nullable(String), {{Text("model")}}, operation Nullable(String),
                input_tokens Int64, output_tokens Int64, cache_read_input_tokens Int64, cache_creation_input_tokens Int64,
                latency_ms Nullable(Float64), ttft_ms Nullable(Float64), {{Text("status")}}, finish_reason Nullable(String),
                cost_usd Nullable(Float64), {{Text("feature", nullable: true)}}, end_user Nullable(String), session_id Nullable(String),
                prompt_hash Nullable(String), prefix_hashes Array(Int64), has_prefix_hashes UInt8, max_tokens Nullable(Int64),
                team Nullable(String)
            ) ENGINE = MergeTree
            PARTITION BY toYYYYMM(toDateTime(intDiv(ts_ms, 1000), 'UTC'))
            ORDER BY (user_id, dataset, ts_ms, seq)
            """;
    }

    /// <summary>Whether schema version 3 keeps the string column <paramref name="name"/> LowCardinality, in the events and the rollup alike.</summary>
    public static bool IsDictionaryKey(string name) => name is "user_id" or "dataset" or "model" or "status" or "feature";

    /// <summary>
    /// A string column's definition: LowCardinality when <paramref name="lowCardinality"/> and it is one of the
    /// <see cref="IsDictionaryKey"/> columns, so a materialized view from the events to the rollup converts no type.
    /// </summary>
    public static string TextColumn(string name, bool nullable, bool lowCardinality)
    {
        var type = nullable ? "Nullable(String)" : "String";
        return $"{name} {(lowCardinality && IsDictionaryKey(name) ? $"LowCardinality({type})" : type)}";
    }

    /// <summary>The statements that create the database and the migrations table, run before the migrations.</summary>
    public static string[] Bootstrap { get; } =
    [
        "CREATE DATABASE IF NOT EXISTS {db}",
        $"CREATE TABLE IF NOT EXISTS {{db}}.{Migrations} (version UInt32, applied_at DateTime) ENGINE = MergeTree ORDER BY version",
    ];
}
