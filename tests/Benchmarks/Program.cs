using System.Globalization;
using Netra.Benchmarks;
using Netra.Benchmarks.Chat;
using Netra.Benchmarks.CrossSilo;
using Netra.Benchmarks.GrainCalls;
using Netra.Benchmarks.Ingestion;
using Netra.Benchmarks.Scaling;
using Netra.Benchmarks.StateWrites;
using Netra.Benchmarks.Tools;
using Netra.Benchmarks.WebSockets;
using Netra.Benchmarks.WorkloadSize;

// Usage: dotnet run -c Release --project tests/Benchmarks -- [grain-calls|cross-silo|state-writes|websockets|chat|ingestion|tools|tools-embedded|scaling|workload-size|all]
//        [--smoke] [--profile] [--callers 1,10,100] [--layouts 1000x1,100x10] [--batches 1,32] [--idle 10000] [--window 256] [--count-calls]
//        [--reuse-data] [--sizes 1000000] [--only cost_analyzer,…] [--calls 50] [--embedded-only]
// --smoke runs each case for a moment and writes nothing: it proves the benchmarks run, it measures nothing.
// --callers (and for websockets --layouts, --batches, --idle, and --count-calls, which counts grain requests per event at
// a cost in speed) measure other cases than the documented ones, to explore; they write nothing either.
// `silo …` and `ws-host …` are not for people: they are how the cross-silo case starts its silo processes (see
// SiloProcess) and the websockets case its server processes (see ServerProcess).
if (args is ["silo", ..])
{
    return await SiloProcess.RunAsync(args[1..]);
}

if (args is ["ws-host", ..])
{
    return await ServerProcess.RunAsync(args[1..]);
}

// --profile: the same run under a perf profile of the whole machine (docs/profiles/{benchmark}.txt); it writes no figures.
var profiling = args.Contains("--profile");
if (profiling && await Profiler.EnsurePerfMapsAsync(args) is { } profiledExit)
{
    return profiledExit;
}

var smoke = args.Contains("--smoke");
string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
int[]? Numbers(string? text) => text?.Split(',').Select(c => int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
string[] valued = ["--calls", "--callers", "--layouts", "--batches", "--idle", "--window", "--sizes", "--only"];
int[]? concurrency = Numbers(Option("--callers"));

// websockets: --layouts 1000x1,100x10 (users x connections each; none skips throughput), --batches 1,32, --idle 10000
// (0 skips idle connections), --window 256 (events a producer may run ahead of its user's slowest connection).
(int, int)[]? layouts = Option("--layouts") is "none" ? [] : Option("--layouts")?.Split(',').Select(l => l.Split('x')).Select(p => (Numbers(p[0])![0], Numbers(p[1])![0])).ToArray();
var batches = Numbers(Option("--batches"));
var idleConnections = Numbers(Option("--idle"))?[0];
var window = Numbers(Option("--window"))?[0];
var countCalls = args.Contains("--count-calls");
var embeddedOnly = args.Contains("--embedded-only"); // chat: skip the cluster target; writes nothing
var write = !smoke && !profiling && concurrency is null && layouts is null && batches is null && idleConnections is null && window is null && !countCalls && !embeddedOnly;
var which = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valued.Contains(args[i - 1]))).FirstOrDefault() ?? "all";
var (warmup, duration) = smoke ? (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)) : (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
if (which is not ("grain-calls" or "cross-silo" or "websockets" or "ingestion" or "tools" or "tools-embedded" or "state-writes" or "chat" or "scaling" or "workload-size" or "all"))
{
    Console.Error.WriteLine($"Unknown benchmark '{which}'. Usage: [grain-calls|cross-silo|state-writes|websockets|chat|ingestion|tools|tools-embedded|scaling|workload-size|all] [--smoke] [--callers 1,10,100]");
    return 2;
}

await using var profiler = profiling ? Profiler.Start(which) : null;
if (which is "grain-calls" or "all")
{
    var loadBefore = Report.Load();
    var rows = await GrainCallBenchmark.RunAsync(warmup, duration, concurrency);
    var table = Report.Table(rows);
    Console.WriteLine(table);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "grain-calls", $"""
            ## Grain calls on one silo

            Command: `dotnet run -c Release --project tests/Benchmarks -- grain-calls`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Closed loop: each caller sends its next call when the last one answers; caller *i* calls grain *i*.
            {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s of warm-up. Baseline: a raw `Channel<T>` ping-pong
            with one partner task per caller, measured in the same run by the same driver.

            {table}
            """);
        Summary.Record("grain-calls", Headlines.GrainCalls(rows), loadBefore, Report.Load());
    }
}

if (which is "cross-silo" or "all")
{
    var loadBefore = Report.Load();
    var rows = await CrossSiloBenchmark.RunAsync(warmup, duration, concurrency);
    var table = CrossSiloBenchmark.Table(rows);
    var cpuTable = CrossSiloBenchmark.CpuTable(rows);
    Console.WriteLine(table);
    Console.WriteLine(cpuTable);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "cross-silo", $"""
            ## Grain calls across silos

            Command: `dotnet run -c Release --project tests/Benchmarks -- cross-silo`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Two silo processes on this machine (silo-a, silo-b) form a cluster over loopback TCP, membership in a throwaway
            PostgreSQL. Cross-silo: silo-a runs the closed loop of the single-silo case against grains that the
            consistent-hash ring places on silo-b (each grain reports its silo before the run). Single-silo: the closed loop
            against one silo alone in the benchmark's own process, as in the grain-calls case; baseline: the `Channel<T>`
            ping-pong. For each caller count the three ran one after another, {duration.TotalSeconds:F0} s measured after
            {warmup.TotalSeconds:F0} s of warm-up each; nothing else of the benchmark ran meanwhile.

            {table}
            CPU during each cross-silo run's measured window (process CPU time of the two silos; the whole machine
            from /proc/stat, so anything beyond the two silos was other processes on this shared machine):

            {cpuTable}
            """);
        Summary.Record("cross-silo", Headlines.CrossSilo(rows), loadBefore, Report.Load());
    }
}

if (which is "websockets" or "all")
{
    using var calls = countCalls ? new GrainCallCounter() : null;
    ThroughputCase.Calls = calls;
    var plan = smoke ? WebSocketPlan.Smoke : WebSocketPlan.Full;
    plan = plan with { Layouts = layouts ?? plan.Layouts, Batches = batches ?? plan.Batches, IdleConnections = idleConnections ?? plan.IdleConnections, Window = window ?? plan.Window };
    var loadBefore = Report.Load();
    var steps = EventSteps.Measure(smoke ? 2_000 : 200_000);
    var stepsTable = EventSteps.Table(steps);
    Console.WriteLine(stepsTable);
    var throughput = plan.Layouts.Length > 0 ? await WebSocketBenchmark.RunThroughputAsync(plan) : [];
    var loadBetween = Report.Load();
    var idle = plan.IdleConnections > 0 ? await WebSocketBenchmark.RunIdleAsync(plan) : [];
    var loadAfter = Report.Load();
    var throughputTable = WebSocketBenchmark.ThroughputTable(throughput);
    var idleTable = WebSocketBenchmark.IdleTable(idle);
    Console.WriteLine(throughputTable);
    Console.WriteLine(idleTable);
    Console.WriteLine($"Handshakes retried: {ClientSet.Retries}; {loadBefore} before, {loadBetween} between the two parts, {loadAfter} after.");
    if (write)
    {
        var (users, perUser) = plan.Layouts[0];
        Report.WriteSection(Report.FindDocs(), "websockets", $"""
            ## Events to WebSocket clients, and idle connections

            Command: `dotnet run -c Release --project tests/Benchmarks -- websockets`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {loadBetween} between throughput and idle connections, {loadAfter} after.
            The original Netra (Python) reached **1,484 msg/s** over its WebSocket, tested with up to **500 connections**.

            **Throughput.** The real gateway (its `Program`, embedded default: in-process silo, memory streams) on Kestrel
            on loopback, in the benchmark's process with its clients: real `ClientWebSocket`s, {users:N0} users × {perUser} and
            {plan.Layouts[1].Users:N0} users × {plan.Layouts[1].PerUser}, every connection reading every frame and checking that `metadata.seq` rises by exactly one.
            Producers are grains (`EventProducerGrain`, hosted by the gateway's silo): each call appends a batch of
            `agent_log` `UserEvent`s (about 200 bytes of data, whole frames about 380 bytes) to `user/{"{id}"}` with
            `OnNextBatchAsync`; the frames go stream grain → the user's hub → each connection's send queue → socket.
            Saturating: one producer loop per user, at most {plan.Window} events ahead of the user's slowest connection, so the
            send queues (1,024) never fill and every event takes the live path. Paced: {plan.PacedRate:N0} events/s in all, one at a time
            to the users in turn, for latency below saturation. Latency runs from the driver's emit to the client's read
            (a timestamp in the data); saturated, it is the window's queue (Little's law: users × window ÷ rate), not the path.
            Baseline: a raw Kestrel WebSocket server in the same process sending the same frames (Netra's bytes with
            `seq` and `sent_at` patched in) from a queue per connection, driven and read by the same code.
            {plan.Duration.TotalSeconds:F0} s measured after {plan.Warmup.TotalSeconds:F0} s of warm-up per row; after each row every connection had read every
            event of its user, in order. Process CPU and allocations are the whole process's (server and clients); in the
            paced rows the driver's 1 ms timer keeps idle thread-pool workers spinning, so their CPU says little. Gateway
            settings: `Netra:Streams:MaxItemsPerStream=1000`, no idle close, no action limits, warnings-only logging.

            {throughputTable}
            The JSON work of one event, each step alone on one thread of this machine (`EventSteps`):

            {stepsTable}
            **Idle connections.** {plan.IdleConnections:N0} connections opened 64 at a time from this process to a server in a child
            process (`ws-host netra`: the same gateway with `Netra:WebSocket:IdleTimeout=01:00:00`; `ws-host raw`: the raw
            server), server GC as the gateway's runtimeconfig sets it. Every client read `connection_established` and was
            still open at the end. Memory is the child's (/proc/self/status, `GC.GetGCMemoryInfo`), after {plan.Settle.TotalSeconds:F0} s of settling
            and two full blocking compacting collections, before the connections and with them; "uncollected" is the RSS
            just before those collections. Idle CPU is the child's over {plan.IdleCpuWindow.TotalSeconds:F0} s with every connection open and silent.

            {idleTable}
            """);
        Summary.Record("websockets", Headlines.WebSockets(throughput, idle), loadBefore, loadAfter);
    }
}

if (which is "ingestion" or "all")
{
    var loadBefore = Report.Load();
    var events = smoke ? 20_000 : 1_000_000;
    var rows = await IngestionBenchmark.RunAsync(events, smoke ? [5_000] : [10_000, 100_000]);
    var table = IngestionBenchmark.Table(rows);
    Console.WriteLine(table);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "ingestion", $"""
            ## Ingestion into ClickHouse

            Command: `dotnet run -c Release --project tests/Benchmarks -- ingestion`
            Run: {When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            {events:N0} priced events (about 25 columns, two prefix hashes each) appended for one user through
            `ClickHouseWorkloadStore.AppendAsync`, one call per batch, each a capacity count and one streamed
            `INSERT … FORMAT RowBinary`, to a throwaway ClickHouse 18.16 on loopback (the benchmark's own, fresh database per
            row). Baseline: the same events as `JSONEachRow` files made beforehand, posted batch by batch by `curl`
            (a process per batch) into an identical empty table of the same server. "benchmark process cores" is the
            CPU the .NET process used while the store appended (ClickHouse's own CPU is not in it); "machine busy" is the
            whole machine meanwhile, other engineers' builds included.

            {table}
            """);
        Summary.Record("ingestion", Headlines.Ingestion(rows), loadBefore, Report.Load());
    }
}

if (which is "tools" or "all")
{
    // --reuse-data keeps the ClickHouse data directory under /tmp between runs (keyed by seed; datasets by size);
    // --sizes and --only explore other cases and write nothing.
    var reuse = args.Contains("--reuse-data");
    var only = Option("--only")?.Split(',');
    var sizes = smoke ? [20_000] : Numbers(Option("--sizes")) ?? [1_000_000, 10_000_000];
    var loadBefore = Report.Load();
    var (rows, loads) = await ToolBenchmark.RunAsync(sizes, reuse, smoke ? 1 : 5, only);
    var table = ToolBenchmark.Table(rows);
    Console.WriteLine(table);
    if (write && only is null && Option("--sizes") is null)
    {
        Report.WriteSection(Report.FindDocs(), "tools", ToolReport.Section(When(), loadBefore, reuse, loads, rows, table));
        Summary.Record("tools", Headlines.Tools(rows), loadBefore, Report.Load());
    }
}

if (which is "tools-embedded" or "all")
{
    // --calls and --only explore other cases and write nothing.
    var loadBefore = Report.Load();
    var only = Option("--only")?.Split(',');
    var (embeddedRows, demoEvents) = await EmbeddedToolBenchmark.RunAsync(smoke ? 1 : Numbers(Option("--calls"))?[0] ?? 50, only);
    var table = EmbeddedToolBenchmark.Table(embeddedRows);
    Console.WriteLine($"demo dataset: {demoEvents:N0} events");
    Console.WriteLine(table);
    if (write && only is null && Option("--calls") is null)
    {
        Report.WriteSection(Report.FindDocs(), "tools-embedded", EmbeddedToolBenchmark.Section(When(), loadBefore, Report.Load(), demoEvents, table));
        Summary.Record("tools-embedded", EmbeddedToolBenchmark.Headlines(embeddedRows), loadBefore, Report.Load());
    }
}

if (which is "state-writes" or "all")
{
    var loadBefore = Report.Load();
    var stateRows = await StateWritesBenchmark.RunAsync(warmup, duration, concurrency);
    var table = StateWritesBenchmark.Table(stateRows);
    Console.WriteLine(table);
    if (write)
    {
        var run = $"{When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.";
        Report.WriteSection(Report.FindDocs(), "state-writes", StateWritesBenchmark.Section(run, table, warmup, duration));
        Summary.Record("state-writes", HeadlinesChat.StateWrites(stateRows), loadBefore, Report.Load());
    }
}

if (which is "chat" or "all")
{
    var loadBefore = Report.Load();
    var plan = smoke ? ChatPlan.Smoke : ChatPlan.Full;
    var chatRows = await ChatBenchmark.RunAsync((concurrency is null ? plan : plan with { Users = concurrency }) with { Cluster = !embeddedOnly });
    var table = ChatBenchmark.Table(chatRows);
    Console.WriteLine(table);
    if (write)
    {
        var run = $"{When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.";
        Report.WriteSection(Report.FindDocs(), "chat", ChatBenchmark.Section(run, table, plan));
        Summary.Record("chat", HeadlinesChat.Chat(chatRows), loadBefore, Report.Load());
    }
}

if (which is "scaling" or "all")
{
    var loadBefore = Report.Load();
    var plan = smoke ? ChatPlan.Smoke : ChatPlan.Full;
    var users = concurrency?[0] ?? (smoke ? 10 : 100);
    var scalingRows = await ScalingBenchmark.RunAsync(plan, users);
    var table = ScalingBenchmark.Table(scalingRows);
    Console.WriteLine(table);
    if (write)
    {
        var run = $"{When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.";
        Report.WriteSection(Report.FindDocs(), "scaling", ScalingBenchmark.Section(run, table, plan, users));
        Summary.Record("scaling", HeadlinesChat.Scaling(scalingRows), loadBefore, Report.Load());
    }
}

if (which is "workload-size" or "all")
{
    // End-to-end chat latency against the size of the dataset asked about; --reuse-data shares the tools benchmark's data.
    var loadBefore = Report.Load();
    var sizeRows = await WorkloadSizeBenchmark.RunAsync(smoke ? [20_000] : [100_000, 1_000_000, 10_000_000], smoke ? 1 : 3, args.Contains("--reuse-data"));
    var table = WorkloadSizeBenchmark.Table(sizeRows);
    Console.WriteLine(table);
    if (write)
    {
        Report.WriteSection(Report.FindDocs(), "workload-size", WorkloadSizeSection.Text($"{When()}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.", table));
        Summary.Record("workload-size", WorkloadSizeBenchmark.Headlines(sizeRows), loadBefore, Report.Load());
    }
}

return 0;

static string When() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
