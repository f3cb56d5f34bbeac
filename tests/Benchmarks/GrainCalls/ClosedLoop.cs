using System.Diagnostics;

namespace Netra.Benchmarks.GrainCalls;

/// <summary>
/// A closed-loop load: N callers, each sending its next call when the previous answers, for a fixed time after a
/// warm-up. The same driver runs the grain calls and the baseline, so the two differ only in what they call.
/// <c>onMeasuring</c>, if given, is told when the measured window opens (true) and closes (false).
/// </summary>
public static class ClosedLoop
{
    public static async Task<Measurement> RunAsync(
        string name, int callers, TimeSpan warmup, TimeSpan duration, Func<int, Func<int, ValueTask<int>>> callerFactory,
        Action<bool>? onMeasuring = null)
    {
        var latencies = Enumerable.Range(0, callers).Select(_ => new List<long>(1 << 16)).ToArray();
        var measuring = 0;
        var stop = 0;
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            var caller = i;
            var call = callerFactory(caller);
            tasks[i] = Task.Run(async () =>
            {
                var samples = latencies[caller];
                var value = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    var answer = await call(value);
                    if (answer != value + 1)
                    {
                        throw new InvalidOperationException($"{name}: caller {caller} sent {value} and got {answer}.");
                    }

                    value = answer;
                    if (Volatile.Read(ref measuring) == 1)
                    {
                        samples.Add(Stopwatch.GetTimestamp() - started);
                    }
                }
            });
        }

        await Task.Delay(warmup);
        onMeasuring?.Invoke(true);
        Volatile.Write(ref measuring, 1);
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref measuring, 0);
        var elapsed = clock.Elapsed;
        onMeasuring?.Invoke(false);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(tasks);
        return Measurement.From(name, callers, elapsed, latencies);
    }
}
