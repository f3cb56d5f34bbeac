namespace Netra.Runtime.Testing.Otlp;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) in its protobuf
/// encoding, as an OTLP/HTTP exporter posts it to <c>/v1/traces</c>. Field numbers follow
/// opentelemetry/proto/trace/v1/trace.proto, common/v1/common.proto and resource/v1/resource.proto; fields this
/// decoder does not need (events, trace state, dropped counts, schema urls) are skipped.
/// </summary>
public static class OtlpTraceDecoder
{
    /// <summary>The spans of <paramref name="request"/>, each with its scope and resource.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid request.</exception>
    public static IReadOnlyList<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var reader = new ProtoReader(request);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, "resource_spans");
                ReadResourceSpans(reader.ReadLengthDelimited(), spans);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var resource = new OtlpResource(new Dictionary<string, object?>());
        var first = spans.Count;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, "resource");
                    resource = new OtlpResource(ReadResource(reader.ReadLengthDelimited()));
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, "scope_spans");
                    ReadScopeSpans(reader.ReadLengthDelimited(), spans);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        // The resource may come after the spans on the wire: give it to every span of this message.
        for (var i = first; i < spans.Count; i++)
        {
            spans[i] = spans[i] with { Resource = resource };
        }
    }

    private static Dictionary<string, object?> ReadResource(ReadOnlySpan<byte> message)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, "resource.attributes");
                AddKeyValue(reader.ReadLengthDelimited(), attributes);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return attributes;
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var scope = "";
        var first = spans.Count;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, "scope");
                    scope = ReadScopeName(reader.ReadLengthDelimited());
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, "spans");
                    spans.Add(OtlpSpanReader.Read(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        for (var i = first; i < spans.Count; i++)
        {
            spans[i] = spans[i] with { Scope = scope };
        }
    }

    private static string ReadScopeName(ReadOnlySpan<byte> message)
    {
        var name = "";
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, "scope.name");
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(type);
            }
        }

        return name;
    }

    /// <summary>Reads a <c>KeyValue</c> into <paramref name="attributes"/>.</summary>
    internal static void AddKeyValue(ReadOnlySpan<byte> message, Dictionary<string, object?> attributes)
    {
        var key = "";
        object? value = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(type, WireType.LengthDelimited, "key");
                    key = reader.ReadString();
                    break;
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, "value");
                    value = ReadAnyValue(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        attributes[key] = value;
    }

    /// <summary>Reads an <c>AnyValue</c>: one of string, bool, int64, double, array, key-value list or bytes.</summary>
    private static object? ReadAnyValue(ReadOnlySpan<byte> message)
    {
        object? value = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            value = (field, type) switch
            {
                (1, WireType.LengthDelimited) => reader.ReadString(),
                (2, WireType.Varint) => reader.ReadVarint() != 0,
                (3, WireType.Varint) => (long)reader.ReadVarint(),
                (4, WireType.Fixed64) => BitConverter.UInt64BitsToDouble(reader.ReadFixed64()),
                (5, WireType.LengthDelimited) => ReadArray(reader.ReadLengthDelimited()),
                (6, WireType.LengthDelimited) => ReadKeyValueList(reader.ReadLengthDelimited()),
                (7, WireType.LengthDelimited) => reader.ReadLengthDelimited().ToArray(),
                (>= 1 and <= 7, _) => throw new InvalidDataException($"AnyValue field {field} has wire type {type}."),
                _ => Skipped(ref reader, type, value),
            };
        }

        return value;
    }

    private static object? Skipped(ref ProtoReader reader, WireType type, object? value)
    {
        reader.Skip(type);
        return value;
    }

    private static List<object?> ReadArray(ReadOnlySpan<byte> message)
    {
        var values = new List<object?>();
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, "array.values");
                values.Add(ReadAnyValue(reader.ReadLengthDelimited()));
            }
            else
            {
                reader.Skip(type);
            }
        }

        return values;
    }

    private static Dictionary<string, object?> ReadKeyValueList(ReadOnlySpan<byte> message)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1)
            {
                reader.Expect(type, WireType.LengthDelimited, "kvlist.values");
                AddKeyValue(reader.ReadLengthDelimited(), values);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return values;
    }
}
