namespace Netra.Grains.Tools.Cost;

/// <summary>A fitted exponential-smoothing model and its forecast.</summary>
/// <param name="Method"><c>holt_winters_additive</c> or <c>holt_linear</c>.</param>
/// <param name="Alpha">Level smoothing.</param>
/// <param name="Beta">Trend smoothing.</param>
/// <param name="Gamma">Season smoothing; null without a season.</param>
/// <param name="ResidualStd">The root mean square of the one-step-ahead errors over the fitted part of the series.</param>
/// <param name="Forecast">The point forecast for each step ahead.</param>
internal sealed record HoltFit(string Method, double Alpha, double Beta, double? Gamma, double ResidualStd, IReadOnlyList<double> Forecast);

/// <summary>
/// Holt's linear method and additive Holt-Winters, with smoothing parameters picked by a grid search (0.1 to 0.9 in
/// steps of 0.1, first best kept, so it is deterministic) minimising the sum of squared one-step-ahead errors.
/// </summary>
internal static class HoltForecast
{
    private static readonly double[] s_grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// Holt's linear method: level₀ = y₀, trend₀ = y₁ − y₀, then ℓₜ = αyₜ + (1−α)(ℓ + b), bₜ = β(ℓₜ − ℓ) + (1−β)b from t = 1.
    /// Needs at least 3 values.
    /// </summary>
    public static HoltFit Linear(IReadOnlyList<double> y, int horizon)
    {
        HoltFit? best = null;
        var bestSse = double.MaxValue;
        foreach (var alpha in s_grid)
        {
            foreach (var beta in s_grid)
            {
                double level = y[0], trend = y[1] - y[0], sse = 0;
                for (var t = 1; t < y.Count; t++)
                {
                    var error = y[t] - (level + trend);
                    sse += error * error;
                    var previous = level;
                    level = (alpha * y[t]) + ((1 - alpha) * (level + trend));
                    trend = (beta * (level - previous)) + ((1 - beta) * trend);
                }

                if (sse < bestSse - 1e-12)
                {
                    bestSse = sse;
                    var (l, b) = (level, trend);
                    best = new HoltFit("holt_linear", alpha, beta, null, Math.Sqrt(sse / (y.Count - 1)),
                        [.. Enumerable.Range(1, horizon).Select(h => l + (h * b))]);
                }
            }
        }

        return best!;
    }

    /// <summary>
    /// Additive Holt-Winters with season length <paramref name="m"/>; needs two full seasons. The first season sets the
    /// state at its last point: b = (mean of season 2 − mean of season 1) / m, ℓ = mean₁ + b(m−1)/2, sᵢ = yᵢ − (mean₁ + b(i − (m−1)/2)),
    /// so a series that is exactly trend plus season is fitted without error; updates run from t = m.
    /// </summary>
    public static HoltFit Seasonal(IReadOnlyList<double> y, int m, int horizon)
    {
        var mean1 = y.Take(m).Average();
        var mean2 = y.Skip(m).Take(m).Average();
        var b0 = (mean2 - mean1) / m;
        var l0 = mean1 + (b0 * (m - 1) / 2);
        var s0 = Enumerable.Range(0, m).Select(i => y[i] - (mean1 + (b0 * (i - ((m - 1) / 2.0))))).ToArray();
        HoltFit? best = null;
        var bestSse = double.MaxValue;
        foreach (var alpha in s_grid)
        {
            foreach (var beta in s_grid)
            {
                foreach (var gamma in s_grid)
                {
                    double level = l0, trend = b0, sse = 0;
                    var season = (double[])s0.Clone();
                    for (var t = m; t < y.Count; t++)
                    {
                        var s = season[t % m];
                        var error = y[t] - (level + trend + s);
                        sse += error * error;
                        var previous = level;
                        level = (alpha * (y[t] - s)) + ((1 - alpha) * (level + trend));
                        trend = (beta * (level - previous)) + ((1 - beta) * trend);
                        season[t % m] = (gamma * (y[t] - level)) + ((1 - gamma) * s);
                    }

                    if (sse < bestSse - 1e-12)
                    {
                        bestSse = sse;
                        var (l, b, n) = (level, trend, y.Count);
                        var fitted = season;
                        best = new HoltFit("holt_winters_additive", alpha, beta, gamma, Math.Sqrt(sse / (y.Count - m)),
                            [.. Enumerable.Range(1, horizon).Select(h => l + (h * b) + fitted[(n - 1 + h) % m])]);
                    }
                }
            }
        }

        return best!;
    }
}
