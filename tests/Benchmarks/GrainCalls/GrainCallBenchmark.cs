using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Runtime;
using Netra.Runtime.Hosting;

namespace Netra.Benchmarks.GrainCalls;

/// <summary>Grain calls on one silo at 1, 100 and 1,000 concurrent callers, each beside the Channel ping-pong baseline.</summary>
public static class GrainCallBenchmark
{
    public static readonly int[] Concurrency = [1, 100, 1000];

    public static async Task<IReadOnlyList<(Measurement Grain, Measurement Baseline)>> RunAsync(
        TimeSpan warmup, TimeSpan duration, IReadOnlyList<int>? concurrency = null)
    {
        using var host = await StartSiloAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();

        var results = new List<(Measurement, Measurement)>();
        foreach (var callers in concurrency ?? Concurrency)
        {
            var grain = await RunGrainCallsAsync(grains, callers, warmup, duration);
            var baseline = await RunBaselineAsync(callers, warmup, duration);
            results.Add((grain, baseline));
        }

        await host.StopAsync();
        return results;
    }

    /// <summary>A silo alone in this process, with in-memory storage: the embedded configuration.</summary>
    public static async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.AddNetraSilo(silo => silo.AddMemoryGrainStorage());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Caller i always calls grain i: one activation per caller, as in Orleans' ping benchmarks.</summary>
    public static Task<Measurement> RunGrainCallsAsync(IClusterClient grains, int callers, TimeSpan warmup, TimeSpan duration) =>
        ClosedLoop.RunAsync("grain call", callers, warmup, duration, caller =>
        {
            var reference = grains.GetGrain<IPingGrain>(caller);
            return reference.PingAsync;
        });

    /// <summary>The Channel ping-pong baseline, one partner task per caller.</summary>
    public static async Task<Measurement> RunBaselineAsync(int callers, TimeSpan warmup, TimeSpan duration)
    {
        await using var channels = new ChannelPingPong();
        return await ClosedLoop.RunAsync("Channel<T> ping-pong", callers, warmup, duration, _ => channels.CreateCaller());
    }
}
