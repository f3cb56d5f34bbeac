using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netra.Grains.Runs;
using Netra.Runtime;

namespace Netra.Grains.Agents;

/// <summary>
/// Each silo, every <see cref="AgentOptions.WatchdogInterval"/>, reads the runs under way and has each run make sure
/// it started (<see cref="IRunGrain.StartAsync"/>), which pokes its supervisor. A supervisor whose silo died activates
/// on another silo and resumes its run from the last completed step; one that never got the request (the run's call to
/// it died with a silo) gets it now; a live one just answers. With the default membership settings a run resumes
/// within about 10 s of a crash.
/// </summary>
internal sealed class RunWatchdog(IGrainFactory grains, IOptions<AgentOptions> options, TimeProvider time, ILogger<RunWatchdog> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval, time);
        while (await NextTickAsync(timer, stoppingToken))
        {
            for (var shard = 0; shard < IActiveRunsGrain.Shards; shard++)
            {
                try
                {
                    var runs = await grains.GetGrain<IActiveRunsGrain>(shard.ToString(CultureInfo.InvariantCulture)).ListAsync();
                    await Task.WhenAll(runs.Select(run => grains.GetGrain<IRunGrain>(run).StartAsync()));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    AgentLog.WatchdogFailed(logger, exception); // this shard's silo may be failing over; the next tick retries
                }
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false; // stopping, or the silo was killed and its services disposed
        }
    }
}
