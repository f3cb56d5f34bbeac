using System.Globalization;

namespace Netra.Runtime.Testing.Otlp;

/// <summary>The kind of a span, as OTLP numbers it.</summary>
public enum OtlpSpanKind
{
    /// <summary>Not given.</summary>
    Unspecified = 0,

    /// <summary>Work inside one process.</summary>
    Internal = 1,

    /// <summary>The handling of a request from elsewhere.</summary>
    Server = 2,

    /// <summary>A request to elsewhere.</summary>
    Client = 3,

    /// <summary>A message sent.</summary>
    Producer = 4,

    /// <summary>A message received.</summary>
    Consumer = 5,
}

/// <summary>The status of a span, as OTLP numbers it.</summary>
public enum OtlpStatusCode
{
    /// <summary>Not set.</summary>
    Unset = 0,

    /// <summary>Marked as succeeded.</summary>
    Ok = 1,

    /// <summary>Marked as failed.</summary>
    Error = 2,
}

/// <summary>The process a span came from: its resource attributes.</summary>
/// <param name="Attributes">The resource attributes (<c>service.name</c>, <c>service.instance.id</c>, …).</param>
public sealed record OtlpResource(IReadOnlyDictionary<string, object?> Attributes)
{
    /// <summary>The <c>service.name</c>, such as <c>netra-silo</c>.</summary>
    public string? ServiceName => Attributes.GetValueOrDefault("service.name") as string;

    /// <summary>The <c>service.instance.id</c>: one per process.</summary>
    public string? ServiceInstanceId => Attributes.GetValueOrDefault("service.instance.id") as string;
}

/// <summary>A link from a span to another span.</summary>
/// <param name="TraceId">The linked span's trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">The linked span's id, 16 lowercase hex digits.</param>
public sealed record OtlpLink(string TraceId, string SpanId);

/// <summary>One span as an OTLP exporter sent it.</summary>
/// <param name="TraceId">The trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">The span id, 16 lowercase hex digits.</param>
/// <param name="ParentSpanId">The parent's span id, or null for a root span.</param>
/// <param name="Name">The span's name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Start">When it started.</param>
/// <param name="End">When it ended.</param>
/// <param name="Attributes">Its attributes: strings, booleans, longs, doubles, byte arrays, lists and dictionaries of them.</param>
/// <param name="Links">Its links.</param>
/// <param name="Status">Its status code.</param>
/// <param name="StatusMessage">Its status message, if any.</param>
/// <param name="Scope">The instrumentation scope (the <c>ActivitySource</c>'s name).</param>
/// <param name="Resource">The process it came from.</param>
public sealed record OtlpSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Name, OtlpSpanKind Kind, DateTimeOffset Start, DateTimeOffset End,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyList<OtlpLink> Links, OtlpStatusCode Status, string? StatusMessage,
    string Scope, OtlpResource Resource)
{
    /// <summary>The attribute <paramref name="key"/> as invariant text, or null when the span does not have it.</summary>
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key) switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} [{Resource.ServiceName} {Resource.ServiceInstanceId}] trace {TraceId} span {SpanId} parent {ParentSpanId ?? "-"}";
}
