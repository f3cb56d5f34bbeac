using System.Buffers.Text;
using System.Text.Json;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.ClickHouse;

/// <summary>
/// Reads the rows of an aggregation (<see cref="ClickHouseQueries.Aggregate(string, string, WorkloadQuery, ClickHouseMarkers?)"/>, <see cref="ClickHouseRollup.Aggregate"/>):
/// keys <c>k0…</c> as strings or null, measures <c>m0…</c> as numbers or null, straight from the UTF-8 line. A key
/// seen before in the same answer is the same string instance: far fewer strings for answers of many rows (a model
/// name repeats on every minute of a per-minute table), and sorting them compares references, not characters.
/// </summary>
internal static class ClickHouseQueryRows
{
    /// <summary>A parser of the rows of <paramref name="query"/>.</summary>
    public static ClickHouseRowParser<WorkloadQueryRow> For(WorkloadQuery query)
    {
        var (keys, measures, strings) = (query.GroupBy.Count, query.Measures.Count, new ClickHouseStrings());
        return row => Parse(row, keys, measures, strings);
    }

    /// <summary>Parses one row with <paramref name="keys"/> keys and <paramref name="measures"/> measures; a column it does not know is skipped.</summary>
    public static WorkloadQueryRow Parse(ReadOnlySpan<byte> row, int keys, int measures, ClickHouseStrings? strings = null)
    {
        var keyValues = new string?[keys];
        var values = new double?[measures];
        var reader = new Utf8JsonReader(row);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("An aggregation row is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var index = Index(name);
            reader.Read();
            if (name[0] == (byte)'k' && index < keys)
            {
                keyValues[index] = reader.TokenType == JsonTokenType.Null ? null : strings is null ? reader.GetString() : strings.Get(ref reader);
            }
            else if (name[0] == (byte)'m' && index < measures)
            {
                values[index] = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
            }
            else
            {
                reader.Skip();
            }
        }

        ClickHouseStrings.EnsureWhole(ref reader, row);
        return new WorkloadQueryRow(keyValues, values);
    }

    /// <summary>The number after a column's first letter (<c>k12</c> is 12), or <see cref="int.MaxValue"/> when it is not one.</summary>
    internal static int Index(ReadOnlySpan<byte> name) =>
        name.Length > 1 && Utf8Parser.TryParse(name[1..], out int index, out var used) && used == name.Length - 1 ? index : int.MaxValue;
}
