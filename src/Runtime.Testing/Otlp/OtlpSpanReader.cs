namespace Netra.Runtime.Testing.Otlp;

/// <summary>Reads one <c>Span</c> message (opentelemetry/proto/trace/v1/trace.proto).</summary>
internal static class OtlpSpanReader
{
    private static readonly OtlpResource s_noResource = new(new Dictionary<string, object?>());

    /// <summary>The span; its scope and resource are filled in by the messages around it.</summary>
    public static OtlpSpan Read(ReadOnlySpan<byte> message)
    {
        string? traceId = null, spanId = null, parentSpanId = null, statusMessage = null;
        var name = "";
        var kind = OtlpSpanKind.Unspecified;
        var status = OtlpStatusCode.Unset;
        ulong start = 0, end = 0;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        var links = new List<OtlpLink>();
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 1:
                    traceId = Id(ref reader, type, 16, "trace_id");
                    break;
                case 2:
                    spanId = Id(ref reader, type, 8, "span_id");
                    break;
                case 4:
                    reader.Expect(type, WireType.LengthDelimited, "parent_span_id");
                    var parent = reader.ReadLengthDelimited();
                    parentSpanId = parent.IsEmpty ? null : ToHex(parent, 8, "parent_span_id");
                    break;
                case 5:
                    reader.Expect(type, WireType.LengthDelimited, "name");
                    name = reader.ReadString();
                    break;
                case 6:
                    reader.Expect(type, WireType.Varint, "kind");
                    kind = (OtlpSpanKind)(int)reader.ReadVarint();
                    break;
                case 7:
                    reader.Expect(type, WireType.Fixed64, "start_time_unix_nano");
                    start = reader.ReadFixed64();
                    break;
                case 8:
                    reader.Expect(type, WireType.Fixed64, "end_time_unix_nano");
                    end = reader.ReadFixed64();
                    break;
                case 9:
                    reader.Expect(type, WireType.LengthDelimited, "attributes");
                    OtlpTraceDecoder.AddKeyValue(reader.ReadLengthDelimited(), attributes);
                    break;
                case 13:
                    reader.Expect(type, WireType.LengthDelimited, "links");
                    links.Add(ReadLink(reader.ReadLengthDelimited()));
                    break;
                case 15:
                    reader.Expect(type, WireType.LengthDelimited, "status");
                    (status, statusMessage) = ReadStatus(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (traceId is null || spanId is null)
        {
            throw new InvalidDataException($"The span '{name}' has no trace_id or span_id.");
        }

        return new OtlpSpan(
            traceId, spanId, parentSpanId, name, kind, FromUnixNanoseconds(start), FromUnixNanoseconds(end), attributes, links, status,
            statusMessage, Scope: "", s_noResource);
    }

    private static OtlpLink ReadLink(ReadOnlySpan<byte> message)
    {
        string? traceId = null, spanId = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 1:
                    traceId = Id(ref reader, type, 16, "link.trace_id");
                    break;
                case 2:
                    spanId = Id(ref reader, type, 8, "link.span_id");
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return traceId is null || spanId is null
            ? throw new InvalidDataException("A link has no trace_id or span_id.")
            : new OtlpLink(traceId, spanId);
    }

    private static (OtlpStatusCode Code, string? Message) ReadStatus(ReadOnlySpan<byte> message)
    {
        var code = OtlpStatusCode.Unset;
        string? text = null;
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field)
            {
                case 2:
                    reader.Expect(type, WireType.LengthDelimited, "status.message");
                    text = reader.ReadString();
                    break;
                case 3:
                    reader.Expect(type, WireType.Varint, "status.code");
                    code = (OtlpStatusCode)(int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        return (code, string.IsNullOrEmpty(text) ? null : text);
    }

    private static string Id(ref ProtoReader reader, WireType type, int length, string field)
    {
        reader.Expect(type, WireType.LengthDelimited, field);
        return ToHex(reader.ReadLengthDelimited(), length, field);
    }

    private static string ToHex(ReadOnlySpan<byte> bytes, int length, string field) =>
        bytes.Length == length
            ? Convert.ToHexStringLower(bytes)
            : throw new InvalidDataException($"{field} has {bytes.Length} bytes, not {length}.");

    private static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
}
