namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>The trace formats <c>POST /api/workloads/import</c> reads.</summary>
public static class TraceFormats
{
    /// <summary>The Azure LLM inference trace: CSV with <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>.</summary>
    public const string AzureCsv = "azure-csv";

    /// <summary>The Mooncake trace: JSON lines with <c>timestamp</c>, <c>input_length</c>, <c>output_length</c>, <c>hash_ids</c>.</summary>
    public const string MooncakeJsonl = "mooncake-jsonl";

    /// <summary>OpenTelemetry traces as OTLP/HTTP JSON (one export request, or one per line), read for GenAI spans.</summary>
    public const string OtlpJson = "otlp-json";

    /// <summary>Every format, in the order the API lists them.</summary>
    public static readonly IReadOnlyList<string> All = [AzureCsv, MooncakeJsonl, OtlpJson];

    /// <summary>The rows of <paramref name="body"/>, read incrementally in the format of <paramref name="settings"/>.</summary>
    public static IAsyncEnumerable<ImportRow> ReadAsync(Stream body, TraceImportSettings settings, CancellationToken cancellationToken) =>
        settings.Format switch
        {
            AzureCsv => LineReader.ReadAsync(body, new AzureCsvParser(settings).Parse, cancellationToken),
            MooncakeJsonl => LineReader.ReadAsync(body, new MooncakeJsonlParser(settings).Parse, cancellationToken),
            OtlpJson => new OtlpJsonReader(settings).ReadAsync(body, cancellationToken),
            _ => throw new ArgumentException($"Unknown trace format '{settings.Format}'.", nameof(settings)),
        };
}
