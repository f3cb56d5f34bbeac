namespace Netra.Grains.Tools.Latency;

/// <summary>A fitted latency model: latency ≈ a + b·input_tokens + c·output_tokens, in milliseconds.</summary>
/// <param name="Requests">The requests it was fitted on.</param>
/// <param name="Intercept">a: fixed overhead in ms.</param>
/// <param name="MsPerInputToken">b: prefill time per input token.</param>
/// <param name="MsPerOutputToken">c: decode time per output token.</param>
/// <param name="RSquared">The share of latency variance the fit explains.</param>
/// <param name="ResidualStd">σ = √(SSE / (n − parameters)).</param>
/// <param name="MeanInput">Mean input tokens.</param>
/// <param name="MeanOutput">Mean output tokens.</param>
/// <param name="MeanLatency">Mean latency.</param>
/// <param name="Terms">Which slopes were fitted: <c>input+output</c>, or one of them when the other does not vary.</param>
internal sealed record LatencyFit(
    long Requests,
    double Intercept,
    double MsPerInputToken,
    double MsPerOutputToken,
    double RSquared,
    double ResidualStd,
    double MeanInput,
    double MeanOutput,
    double MeanLatency,
    string Terms)
{
    /// <summary>The fitted latency of a request.</summary>
    public double Predict(double input, double output) => Intercept + (MsPerInputToken * input) + (MsPerOutputToken * output);
}

/// <summary>
/// Ordinary least squares of latency on input and output tokens from running sums (n, Σx₁, Σx₂, Σy, Σx₁², Σx₂², Σx₁x₂,
/// Σx₁y, Σx₂y, Σy²), so a fit over a stream of any length takes constant memory. The store's query model has sums of
/// fields but not of products of fields, which the normal equations need; hence a stream rather than an aggregation.
/// Sums are taken about a shift (the first point) to keep the centred moments accurate.
/// </summary>
internal sealed class LatencyRegression
{
    private double _n, _s1, _s2, _sy, _s11, _s22, _s12, _s1y, _s2y, _syy;
    private double _k1, _k2, _ky;

    /// <summary>Adds one request.</summary>
    public void Add(double input, double output, double latency)
    {
        if (_n == 0)
        {
            (_k1, _k2, _ky) = (input, output, latency);
        }

        var (x1, x2, y) = (input - _k1, output - _k2, latency - _ky);
        _n++;
        _s1 += x1;
        _s2 += x2;
        _sy += y;
        _s11 += x1 * x1;
        _s22 += x2 * x2;
        _s12 += x1 * x2;
        _s1y += x1 * y;
        _s2y += x2 * y;
        _syy += y * y;
    }

    /// <summary>The requests added.</summary>
    public long Count => (long)_n;

    /// <summary>The least-squares fit; null with fewer than <paramref name="minimum"/> requests (at least 3).</summary>
    public LatencyFit? Fit(long minimum)
    {
        if (_n < Math.Max(3, minimum))
        {
            return null;
        }

        var (m1, m2, my) = (_s1 / _n, _s2 / _n, _sy / _n);
        var c11 = _s11 - (_n * m1 * m1);
        var c22 = _s22 - (_n * m2 * m2);
        var c12 = _s12 - (_n * m1 * m2);
        var c1y = _s1y - (_n * m1 * my);
        var c2y = _s2y - (_n * m2 * my);
        var cyy = Math.Max(0, _syy - (_n * my * my));
        const double Tiny = 1e-9;
        var vary1 = c11 > Tiny * Math.Max(1, _s11);
        var vary2 = c22 > Tiny * Math.Max(1, _s22);
        var det = (c11 * c22) - (c12 * c12);
        double b = 0, c = 0;
        string terms;
        var parameters = 3;
        if (vary1 && vary2 && det > Tiny * c11 * c22)
        {
            b = ((c22 * c1y) - (c12 * c2y)) / det;
            c = ((c11 * c2y) - (c12 * c1y)) / det;
            terms = "input+output";
        }
        else if (vary2)
        {
            c = c2y / c22;
            terms = "output";
            parameters = 2;
        }
        else if (vary1)
        {
            b = c1y / c11;
            terms = "input";
            parameters = 2;
        }
        else
        {
            terms = "intercept";
            parameters = 1;
        }

        var sse = Math.Max(0, cyy - (b * c1y) - (c * c2y));
        var (mean1, mean2, meanY) = (m1 + _k1, m2 + _k2, my + _ky);
        var a = meanY - (b * mean1) - (c * mean2);
        var r2 = cyy > 0 ? 1 - (sse / cyy) : 1;
        var dof = Math.Max(1, _n - parameters);
        return new LatencyFit((long)_n, a, b, c, r2, Math.Sqrt(sse / dof), mean1, mean2, meanY, terms);
    }
}
