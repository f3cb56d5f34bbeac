namespace Netra.Grains.Workloads.Demo;

/// <summary>The demo generator's random draws, all from one seeded <see cref="Random"/>, so a seed gives one workload.</summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public int Int(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal draw with the given median, rounded and clamped to [min, max].</summary>
    public long LogNormal(double median, double sigma, long min, long max) =>
        Math.Clamp((long)Math.Round(median * Math.Exp(sigma * Normal())), min, max);

    /// <summary>A Poisson draw with mean <paramref name="mean"/> (Knuth below 30, a rounded normal above).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean >= 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
        }

        var limit = Math.Exp(-mean);
        var product = Uniform();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= Uniform();
        }

        return count;
    }

    /// <summary>A Pareto draw with scale <paramref name="scale"/> (the minimum) and shape <paramref name="alpha"/>.</summary>
    public double Pareto(double scale, double alpha) => scale / Math.Pow(1.0 - Uniform(), 1.0 / alpha);

    /// <summary>A multiplicative noise factor, log-normal around 1.</summary>
    public double Noise(double sigma) => Math.Exp(sigma * Normal());

    /// <summary>An index drawn from <paramref name="cumulative"/> weights (ascending, last = total).</summary>
    public int Pick(double[] cumulative)
    {
        var target = _random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        return Math.Min(index < 0 ? ~index : index + 1, cumulative.Length - 1);
    }

    /// <summary>Cumulative weights of a Zipf law over <paramref name="count"/> ranks with exponent <paramref name="exponent"/>.</summary>
    public static double[] Zipf(int count, double exponent) => Cumulative(Enumerable.Range(1, count).Select(k => 1.0 / Math.Pow(k, exponent)));

    /// <summary>Cumulative sums of <paramref name="weights"/>.</summary>
    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return [.. weights.Select(w => sum += w)];
    }
}
