using System.Text.Json;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// The state of <see cref="OtlpJsonReader"/> between buffers: the reader's state, where in the document it is (a
/// stack of containers), the current resource's <c>service.name</c>, and line counting.
/// </summary>
internal sealed class OtlpWalker(TraceImportSettings settings)
{
    private static readonly JsonReaderOptions s_options = new() { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };
    private readonly Stack<Kind> _stack = new();
    private JsonReaderState _state = new(s_options);
    private Property _property;
    private string? _service;
    private int _spans;
    private int _line = 1;
    private int _countedTo;

    private enum Kind
    {
        None, Root, ResourceSpansArray, ResourceSpan, Resource, ScopeSpansArray, ScopeSpan, SpansArray, Span, Other,
    }

    private enum Property
    {
        None, ResourceSpans, Resource, ScopeSpans, Spans,
    }

    /// <summary>The rows read by the last <see cref="Process"/>.</summary>
    public List<ImportRow> Rows { get; } = [];

    /// <summary>Whether the document was malformed; nothing after the fault is read.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// Reads the whole tokens of <paramref name="data"/> (which starts where the last call stopped) and returns how many
    /// bytes it consumed; a span is consumed only once it is whole.
    /// </summary>
    public int Process(ReadOnlySpan<byte> data, bool final)
    {
        var reader = new Utf8JsonReader(data, final, _state);
        try
        {
            while (Step(data, ref reader))
            {
            }
        }
        catch (JsonException ex)
        {
            Failed = true;
            Rows.Add(ImportRow.Reject(LineAt(data, (int)reader.BytesConsumed), $"not valid JSON: {ex.Message}; the rest of the document was not read"));
            return data.Length;
        }

        _state = reader.CurrentState;
        var consumed = (int)reader.BytesConsumed;
        if (final)
        {
            if (_stack.Count > 0)
            {
                Rows.Add(ImportRow.Reject(LineAt(data, consumed), "the document ends inside a JSON value: the file is cut short"));
            }
            else if (_spans == 0)
            {
                Rows.Add(ImportRow.Reject(1, "no spans found: expected OTLP JSON, {\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[…]}]}]}"));
            }
        }

        LineAt(data, consumed);
        _countedTo = 0; // the caller moves the unread bytes to the start of its buffer
        return consumed;
    }

    /// <summary>The 1-based line of <paramref name="index"/>, which must not be before the last index asked about.</summary>
    public int LineAt(ReadOnlySpan<byte> data, int index)
    {
        if (index > _countedTo)
        {
            _line += data[_countedTo..index].Count((byte)'\n');
            _countedTo = index;
        }

        return _line;
    }

    /// <summary>Reads one token; false when the data runs out before a whole token (or a whole span).</summary>
    private bool Step(ReadOnlySpan<byte> data, ref Utf8JsonReader reader)
    {
        var before = reader;
        if (!reader.Read())
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _property = Name(ref reader);
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var kind = Next(reader.TokenType);
                if (kind is not (Kind.Span or Kind.Resource))
                {
                    _stack.Push(kind);
                    _property = Property.None;
                    return true;
                }

                var probe = reader;
                if (!probe.TrySkip())
                {
                    reader = before; // read it again, whole, once more data has come; _property still names it
                    return false;
                }

                _property = Property.None;

                var start = (int)reader.TokenStartIndex;
                var json = data[start..(int)probe.BytesConsumed];
                if (kind == Kind.Span)
                {
                    Rows.Add(OtlpSpanMapper.Map(json, LineAt(data, start), ++_spans, _service, settings));
                }
                else
                {
                    _service = OtlpSpanMapper.ServiceName(json);
                }

                reader = probe;
                return true;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                if (_stack.Pop() == Kind.ResourceSpan)
                {
                    _service = null;
                }

                return true;
            default:
                _property = Property.None;
                return true;
        }
    }

    private Kind Next(JsonTokenType token) => (_stack.Count == 0 ? Kind.None : _stack.Peek(), token == JsonTokenType.StartObject, _property) switch
    {
        (Kind.None, true, _) => Kind.Root,
        (Kind.Root, false, Property.ResourceSpans) => Kind.ResourceSpansArray,
        (Kind.ResourceSpansArray, true, _) => Kind.ResourceSpan,
        (Kind.ResourceSpan, true, Property.Resource) => Kind.Resource,
        (Kind.ResourceSpan, false, Property.ScopeSpans) => Kind.ScopeSpansArray,
        (Kind.ScopeSpansArray, true, _) => Kind.ScopeSpan,
        (Kind.ScopeSpan, false, Property.Spans) => Kind.SpansArray,
        (Kind.SpansArray, true, _) => Kind.Span,
        _ => Kind.Other,
    };

    private static Property Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("resourceSpans"u8) ? Property.ResourceSpans
        : reader.ValueTextEquals("resource"u8) ? Property.Resource
        : reader.ValueTextEquals("scopeSpans"u8) || reader.ValueTextEquals("instrumentationLibrarySpans"u8) ? Property.ScopeSpans
        : reader.ValueTextEquals("spans"u8) ? Property.Spans
        : Property.None;
}
