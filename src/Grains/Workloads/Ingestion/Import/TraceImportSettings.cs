using System.Globalization;

namespace Netra.Grains.Workloads.Ingestion.Import;

/// <summary>
/// How to read one trace file: its format, the model to assign to rows that name none, the dataset its events go to, the
/// tokens per Mooncake prefix block, and the instant Mooncake's millisecond offsets count from.
/// </summary>
/// <param name="Format">One of <see cref="TraceFormats.All"/>.</param>
/// <param name="Model">The model of rows that name none (Azure and Mooncake never do; OTLP spans may).</param>
/// <param name="Dataset">The dataset every imported event goes to.</param>
/// <param name="BlockSize">Tokens per prefix block of <c>hash_ids</c> (Mooncake only).</param>
/// <param name="Start">The instant Mooncake's <c>timestamp</c> offsets (milliseconds) count from.</param>
public sealed record TraceImportSettings(string Format, string Model, string Dataset, int BlockSize, DateTimeOffset Start)
{
    /// <summary>The model of rows that name none, unless the import says otherwise: not a catalog model, so no cost is invented.</summary>
    public const string DefaultModel = "unknown";

    /// <summary>Tokens per prefix block unless the import says otherwise, as in the Mooncake trace.</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>The largest block size accepted.</summary>
    public const int MaxBlockSize = 1_048_576;

    /// <summary>The instant Mooncake offsets count from unless the import says otherwise: 2025-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Validates the query parameters of an import. Absent values take their defaults: model <see cref="DefaultModel"/>,
    /// dataset the format's name, block size <see cref="DefaultBlockSize"/>, start <see cref="DefaultStart"/>.
    /// <paramref name="blockSize"/> and <paramref name="start"/> apply to <c>mooncake-jsonl</c> only.
    /// </summary>
    /// <returns>Null when valid, else why not, naming the parameter.</returns>
    public static string? TryCreate(
        string? format, string? model, string? dataset, string? blockSize, string? start, out TraceImportSettings? settings)
    {
        settings = null;
        if (format is null || !TraceFormats.All.Contains(format, StringComparer.Ordinal))
        {
            return $"format must be one of {string.Join(", ", TraceFormats.All)}";
        }

        model ??= DefaultModel;
        if (!ImportText.IsValid(model))
        {
            return $"model must have 1 to {WorkloadEventParser.MaxTextLength} characters and no control characters";
        }

        dataset ??= format;
        if (!WorkloadDatasets.IsValidName(dataset))
        {
            return "dataset must have 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }

        var mooncake = format == TraceFormats.MooncakeJsonl;
        if ((blockSize is not null || start is not null) && !mooncake)
        {
            return $"block_size and start apply to {TraceFormats.MooncakeJsonl} only";
        }

        var size = DefaultBlockSize;
        if (blockSize is not null && (!int.TryParse(blockSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxBlockSize))
        {
            return $"block_size must be a whole number of tokens from 1 to {MaxBlockSize}";
        }

        var origin = DefaultStart;
        if (start is not null && !DateTimeOffset.TryParse(
                start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out origin))
        {
            return "start must be an ISO 8601 date-time, such as 2025-01-01T00:00:00Z";
        }

        settings = new TraceImportSettings(format, model, dataset, size, origin);
        return null;
    }
}
