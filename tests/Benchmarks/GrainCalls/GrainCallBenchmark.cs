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

    public static async Task<IReadOnlyList<(Measurement Grain, Measurement Baseline)>> RunAsync(TimeSpan warmup, TimeSpan duration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddNetraSilo(silo => silo.AddMemoryGrainStorage());
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();

        var results = new List<(Measurement, Measurement)>();
        foreach (var callers in Concurrency)
        {
            // Caller i always calls grain i: one activation per caller, as in Orleans' ping benchmarks.
            var grain = await ClosedLoop.RunAsync("grain call", callers, warmup, duration, caller =>
            {
                var reference = grains.GetGrain<IPingGrain>(caller);
                return reference.PingAsync;
            });

            await using var channels = new ChannelPingPong();
            var baseline = await ClosedLoop.RunAsync("Channel<T> ping-pong", callers, warmup, duration, _ => channels.CreateCaller());
            results.Add((grain, baseline));
        }

        await host.StopAsync();
        return results;
    }
}
