using System.Globalization;

namespace Netra.Grains.Tests.Workloads.Import;

/// <summary>OTLP/HTTP JSON trace exports for tests.</summary>
internal static class OtlpSamples
{
    /// <summary>2026-11-20T10:00:00Z in Unix nanoseconds.</summary>
    public const long T0Nanos = 1_795_168_800_000_000_000;

    /// <summary>A GenAI span, with its attributes as OTLP JSON key/value pairs (the <c>value</c> objects given raw).</summary>
    public static string Span(long startMs, long durationMs, string attributes, string status = "", string spanId = "00f067aa0ba902b7") =>
        $$"""
        {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"{{spanId}}","name":"chat gpt-4o","kind":3,
         "startTimeUnixNano":"{{(T0Nanos + (startMs * 1_000_000)).ToString(CultureInfo.InvariantCulture)}}",
         "endTimeUnixNano":"{{(T0Nanos + ((startMs + durationMs) * 1_000_000)).ToString(CultureInfo.InvariantCulture)}}",
         "attributes":[{{attributes}}]{{status}}}
        """;

    public static string Attribute(string key, string value) => "{\"key\":\"" + key + "\",\"value\":{" + value + "}}";

    public static string Int(string key, long value) => Attribute(key, $"\"intValue\":\"{value.ToString(CultureInfo.InvariantCulture)}\"");

    public static string Text(string key, string value) => Attribute(key, $"\"stringValue\":\"{value}\"");

    /// <summary>An export request holding <paramref name="spans"/> under one resource of service <paramref name="service"/>.</summary>
    public static string Export(string service, params string[] spans) =>
        $$"""
        {"resourceSpans":[{"resource":{"attributes":[{{Text("service.name", service)}}]},
          "scopeSpans":[{"scope":{"name":"openai.instrumentation","version":"1.0"},"spans":[
        {{string.Join(",\n", spans)}}
        ]}]}]}
        """;

    /// <summary>A chat span of gpt-4o with the current attribute names.</summary>
    public static string Chat(long startMs, long input = 100, long output = 20) => Span(startMs, 800, string.Join(",",
        Text("gen_ai.operation.name", "chat"), Text("gen_ai.system", "openai"), Text("gen_ai.request.model", "gpt-4o"),
        Int("gen_ai.usage.input_tokens", input), Int("gen_ai.usage.output_tokens", output)));
}
