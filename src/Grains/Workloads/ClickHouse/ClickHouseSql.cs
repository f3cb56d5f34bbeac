using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Literals and identifiers for ClickHouse SQL. ClickHouse 18.16 has no server-side query parameters
/// (<c>{name:Type}</c> is a syntax error there, and <c>param_*</c> an unknown setting), so every value a user gave
/// reaches SQL through these encoders and nothing else: strings are quoted and escaped by ClickHouse's rules (a
/// backslash escape for the quote, the backslash and every control character), numbers are formatted invariantly.
/// Identifiers are never user input; <see cref="Identifier"/> checks that anyway.
/// </summary>
internal static partial class ClickHouseSql
{
    /// <summary>A quoted string literal: <c>'…'</c> with <c>\</c>, <c>'</c> and control characters escaped.</summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\'':
                    builder.Append(@"\'");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                case '\0':
                    builder.Append(@"\0");
                    break;
                case < ' ' or '\u007f':
                    builder.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c); // the query is sent as UTF-8, so any other character is itself
                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>An integer literal.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer literal.</summary>
    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Float64 literal that round-trips: <c>nan</c>, <c>inf</c> and <c>-inf</c> for the special values.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => "toFloat64(" + value.ToString("R", CultureInfo.InvariantCulture) + ")",
    };

    /// <summary>
    /// <c>column IN ('a', 'b')</c>, or <c>0</c> (false) for an empty list, which matches nothing, as in the embedded store.
    /// </summary>
    public static string In(string column, IReadOnlyList<string> values) =>
        values.Count == 0 ? "0" : column + " IN (" + string.Join(", ", values.Select(String)) + ")";

    /// <summary>A backquoted identifier; throws unless it is letters, digits and <c>_</c>, starting with a letter or <c>_</c>.</summary>
    public static string Identifier(string name)
    {
        if (!IdentifierPattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid ClickHouse identifier here: use letters, digits and '_'.", nameof(name));
        }

        return "`" + name + "`";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();
}
