using System.Globalization;
using Netra.Grains.Catalog;

namespace Netra.Grains.Workloads.Demo;

/// <summary>
/// A deterministic synthetic LLM workload, generated as a stream in timestamp order in bounded memory (only the next
/// minute or so of events is held), so it can produce ten million events for a benchmark as easily as the demo's twenty
/// thousand. Arrivals are Poisson per minute under a daily curve (peaking mid-afternoon UTC, quieter weekends) with one
/// to three bursts a day at 3–5× the load. Features, teams, models, token and latency shapes: see
/// <see cref="SyntheticFeature"/> and <see cref="SyntheticRequests"/>. 429s are far likelier during bursts; failures are
/// retried (80%) seconds later. Costs come from the catalog; 429s cost nothing.
/// </summary>
public static class SyntheticWorkload
{
    // Relative traffic per UTC hour: low at night, peaking 14:00–16:00.
    private static readonly double[] s_hourWeights =
        [0.25, 0.2, 0.18, 0.17, 0.18, 0.22, 0.3, 0.42, 0.58, 0.74, 0.86, 0.94, 1.0, 1.04, 1.1, 1.12, 1.08, 0.98, 0.84, 0.7, 0.58, 0.48, 0.38, 0.3];

    private static readonly double s_meanHourWeight = s_hourWeights.Average();

    /// <summary>The events of <paramref name="settings"/>, lazily, in timestamp order.</summary>
    public static IEnumerable<WorkloadEvent> Generate(SyntheticWorkloadSettings settings, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new DemoRandom(settings.Seed);
        var requests = new SyntheticRequests(random, catalog, settings.Dataset);
        var pending = new PriorityQueue<WorkloadEvent, (long Ticks, long Order)>();
        long order = 0;
        long emitted = 0;
        for (var day = 0; day < settings.Days; day++)
        {
            var midnight = settings.Start.AddDays(day);
            var weekend = midnight.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var perMinute = settings.RequestsPerDay / 1440 * (weekend ? 0.65 : 1.0) * random.Noise(0.05) / s_meanHourWeight;
            var bursts = Bursts(random);
            var session = day.ToString(CultureInfo.InvariantCulture);
            for (var minute = 0; minute < 1440; minute++)
            {
                var burst = bursts.FirstOrDefault(b => minute >= b.From && minute < b.To).Factor;
                var count = random.Poisson(perMinute * s_hourWeights[minute / 60] * Math.Max(1.0, burst));
                var backfill = day == settings.BackfillDay && minute is >= 60 and < 300
                    ? random.Poisson(SyntheticWorkloadSettings.BackfillRequests / 240.0) : 0;
                var at = midnight.AddMinutes(minute);
                foreach (var offset in Offsets(random, count + backfill))
                {
                    var request = offset.Index < count ? requests.Next() : requests.Backfill();
                    foreach (var attempt in requests.Attempts(at.AddTicks(offset.Ticks), request, session, burst > 0))
                    {
                        pending.Enqueue(attempt, (attempt.Timestamp.UtcTicks, order++));
                    }
                }

                var until = at.AddMinutes(1).UtcTicks;
                while (pending.TryPeek(out _, out var key) && key.Ticks < until)
                {
                    yield return Named(pending.Dequeue(), settings.Dataset, emitted++);
                }
            }
        }

        while (pending.Count > 0)
        {
            yield return Named(pending.Dequeue(), settings.Dataset, emitted++);
        }
    }

    private static WorkloadEvent Named(WorkloadEvent e, string dataset, long index) =>
        e with { RequestId = dataset + "-" + index.ToString(CultureInfo.InvariantCulture) };

    /// <summary>One to three bursts between 08:00 and 20:00, each 10–40 minutes at 3–5× the load.</summary>
    private static (int From, int To, double Factor)[] Bursts(DemoRandom random)
    {
        var bursts = new (int, int, double)[random.Int(1, 4)];
        for (var i = 0; i < bursts.Length; i++)
        {
            var from = random.Int(8 * 60, 20 * 60);
            bursts[i] = (from, from + random.Int(10, 41), 3 + (2 * random.Uniform()));
        }

        return bursts;
    }

    /// <summary><paramref name="count"/> arrival offsets within a minute, in ascending order, each with its draw index.</summary>
    private static (int Index, long Ticks)[] Offsets(DemoRandom random, int count)
    {
        var offsets = new (int Index, long Ticks)[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = (i, (long)(random.Uniform() * TimeSpan.TicksPerMinute));
        }

        Array.Sort(offsets, (a, b) => a.Ticks.CompareTo(b.Ticks));
        return offsets;
    }
}
