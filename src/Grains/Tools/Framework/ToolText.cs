using System.Globalization;

namespace Netra.Grains.Tools.Framework;

/// <summary>How summaries write numbers: invariant culture, so a summary reads the same on every silo.</summary>
public static class ToolText
{
    /// <summary>Dollars: $1,234.57, or $0.0042 below one dollar.</summary>
    public static string Usd(double value) =>
        "$" + value.ToString(Math.Abs(value) >= 1 ? "#,0.00" : "0.####", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage: 12.3%.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A count: 12,345.</summary>
    public static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 1) =>
        value.ToString("#,0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture);

    /// <summary>Milliseconds: 850 ms.</summary>
    public static string Ms(double value) => Number(value, 0) + " ms";

    /// <summary>A UTC time: 2026-11-20 10:00Z.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A share, or 0 when the whole is 0.</summary>
    public static double Share(double part, double whole) => whole == 0 ? 0 : part / whole;

    /// <summary>Rounds a number for JSON output, to 8 decimals unless told otherwise.</summary>
    public static double Round(double value, int decimals = 8) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);
}
